using System.Globalization;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Outbox;
using Approvals.Persistence.Workflows;

namespace Approvals.Server.Messaging;

/// <summary>
/// Messages the service sends itself rather than a step (a reminder, a referral, an issued letter): written to the
/// outbox in the caller's transaction with the same envelope keys as the engine's, so the relay and every
/// department's system read them alike.
/// </summary>
public static class ServiceMessages
{
    public static void Add(
        ApprovalsDbContext db, Guid id, string type, Party addressee, InstanceRecord instance, DateTimeOffset at,
        (string? Id, string? Name, string? Item) step, Guid? taskId, IReadOnlyDictionary<string, string?> data)
    {
        var all = new Dictionary<string, string?>
        {
            ["instanceId"] = instance.Id.ToString(), ["projectId"] = instance.ProjectId, ["projectName"] = instance.ProjectName,
            ["definition"] = $"{instance.DefinitionId}@{instance.DefinitionVersion}", ["at"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["stepId"] = step.Id, ["stepName"] = step.Name, ["item"] = step.Item,
        };
        if (taskId is { } task)
        {
            all["taskId"] = task.ToString();
        }

        foreach (var (key, value) in data)
        {
            all[key] = value;
        }

        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = id, MessageType = type, CreatedAt = at, AvailableAt = at, Body = StateDocument.Write(new { addressee, data = all }),
        });
    }
}
