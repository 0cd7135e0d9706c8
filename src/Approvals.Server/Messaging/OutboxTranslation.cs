using System.Globalization;
using System.Text.Json;
using Approvals.Messaging.Contracts;
using Approvals.Persistence;
using Approvals.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Messaging;

/// <summary>
/// Turns an outbox row (the engine's message: its type, addressee and data) into the contract departments
/// receive. A message the engine addressed to no one but that concerns a task goes to the task's department;
/// one about a village's vote to that village's committee.
/// </summary>
public static class OutboxTranslation
{
    private sealed record Stored(StoredParty? Addressee, Dictionary<string, string?> Data);

    private sealed record StoredParty(string Kind, string Code, string Jurisdiction);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<DepartmentMessage> ToContractAsync(OutboxMessage row, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var stored = JsonSerializer.Deserialize<Stored>(row.Body, Json) ?? new Stored(null, []);
        var data = stored.Data;
        Guid? taskId = Guid.TryParse(data.GetValueOrDefault("taskId"), out var t) ? t : null;
        var addressee = stored.Addressee is { } a ? new MessageAddressee(a.Kind, a.Code, a.Jurisdiction) : null;
        DateTimeOffset? dueAt = DateTimeOffset.TryParse(data.GetValueOrDefault("dueAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due) ? due : null;
        if (taskId is { } id && (addressee is null || dueAt is null))
        {
            var task = await db.Tasks.AsNoTracking().Where(x => x.Id == id)
                .Select(x => new { x.AssigneeKind, x.AssigneeCode, x.AssigneeJurisdiction, x.DueAt }).FirstOrDefaultAsync(cancellationToken);
            if (task is not null)
            {
                addressee ??= new MessageAddressee(task.AssigneeKind, task.AssigneeCode, task.AssigneeJurisdiction);
                dueAt ??= task.DueAt;
            }
        }

        if (addressee is null && data.GetValueOrDefault("village") is { } village)
        {
            addressee = new MessageAddressee("role", "village-committee", village);
        }

        return new DepartmentMessage
        {
            MessageId = row.Id,
            Type = row.MessageType,
            OccurredAt = DateTimeOffset.TryParse(data.GetValueOrDefault("at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : row.CreatedAt,
            ProjectId = data.GetValueOrDefault("projectId") ?? "",
            ProjectName = data.GetValueOrDefault("projectName") ?? "",
            InstanceId = Guid.TryParse(data.GetValueOrDefault("instanceId"), out var instance) ? instance : Guid.Empty,
            Definition = data.GetValueOrDefault("definition"),
            StepId = data.GetValueOrDefault("stepId"),
            StepName = data.GetValueOrDefault("stepName"),
            Item = data.GetValueOrDefault("item"),
            Addressee = addressee,
            TaskId = taskId,
            DueAt = dueAt,
            TaskLink = taskId is { } link ? $"/api/tasks/{link}" : null,
            Data = data.Where(d => !Envelope.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value),
        };
    }

    // What the envelope already carries is not repeated in Data.
    private static readonly HashSet<string> Envelope = ["instanceId", "projectId", "projectName", "definition", "at", "stepId", "stepName", "item", "taskId", "dueAt"];

    /// <summary>The line a clerk reads in their notification list.</summary>
    public static string Title(DepartmentMessage m)
    {
        var what = m.StepName ?? m.Item ?? "";
        return m.Event switch
        {
            "task-assigned" => $"新待办：{what}",
            "task-due-soon" => $"即将到期：{what}",
            "task-overdue" => $"已超期：{what}",
            "task-completed" => $"已办结：{what}",
            "task-cancelled" => $"已撤销：{what}",
            "material-deferred" => $"容缺受理，待补材料：{what}",
            "material-supplemented" => $"容缺材料已补齐：{what}",
            "material-deadline-missed" => $"容缺材料逾期未补：{what}",
            "filing-submitted" => $"收到备案：{what}",
            "filing-objected" => $"备案被提出异议：{what}",
            "filing-deemed-complete" => $"备案期满视为完成：{what}",
            "consent-recorded" => $"村民表决已登记：{m.Item ?? what}",
            "sign-off-recorded" => $"单项验收已登记：{what}",
            "acceptance-passed" => $"验收通过：{what}",
            "batch-closed" => $"批次验收结束：{what}",
            "letter-requested" => $"待出具文书：{what}",
            "notice" => m.Data.GetValueOrDefault("message") ?? "通知",
            _ => $"{m.Event}：{what}",
        } + $"（{m.ProjectName}）";
    }
}
