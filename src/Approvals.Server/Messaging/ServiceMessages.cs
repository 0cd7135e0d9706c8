using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Outbox;
using Approvals.Persistence.Workflows;

namespace Approvals.Server.Messaging;

/// <summary>
/// Messages the service sends itself rather than a step (a reminder, a referral, an issued letter): written to the
/// outbox in the caller's transaction in the same envelope as the engine's, so the relay and every department's
/// system read them alike.
/// </summary>
public static class ServiceMessages
{
    public static void Add(
        ApprovalsDbContext db, Guid id, string type, Party addressee, InstanceRecord instance, DateTimeOffset at,
        (string? Id, string? Name, string? Item) step, Guid? taskId, IReadOnlyDictionary<string, string?> data)
    {
        var all = MessageEnvelope.Create(instance.Id, instance.ProjectId, instance.ProjectName, WorkflowDefinition.KeyOf(instance.DefinitionId, instance.DefinitionVersion), at);
        all[MessageEnvelope.StepId] = step.Id;
        all[MessageEnvelope.StepName] = step.Name;
        all[MessageEnvelope.Item] = step.Item;
        if (taskId is { } task)
        {
            all[MessageEnvelope.TaskId] = task.ToString();
        }

        foreach (var (key, value) in data)
        {
            all[key] = value;
        }

        db.OutboxMessages.Add(new OutboxEnvelope(addressee, all).ToRow(id, type, at));
    }
}
