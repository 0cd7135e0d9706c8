using System.Globalization;
using Approvals.Engine.Runtime;
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
    /// <summary>
    /// What a row sends: its message and, for an overdue task, the escalation to the leading group office of the
    /// jurisdiction (the department's own, or for a village's or entity's task the project's county). The
    /// escalation's id is derived from the message's, so a row sent twice escalates once in effect.
    /// </summary>
    public static async Task<IReadOnlyList<DepartmentMessage>> ToContractsAsync(OutboxMessage row, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var message = await ToContractAsync(row, db, cancellationToken);
        if (message.Type != MessageTypes.TaskOverdue || message.Addressee is not { } late)
        {
            return [message];
        }

        var office = late.Kind == Party.DepartmentKind && late.Code != Party.LeadingGroupOffice && late.Jurisdiction.Length == 6
            ? late.Jurisdiction
            : await db.Instances.AsNoTracking().Where(i => i.Id == message.InstanceId).Select(i => i.CountyCode).FirstOrDefaultAsync(cancellationToken);
        if (office is null || (late.Code == Party.LeadingGroupOffice && late.Jurisdiction == office))
        {
            return [message];
        }

        var escalation = message with
        {
            MessageId = DerivedId(message.MessageId, "escalated"),
            Type = MessageTypes.TaskEscalated,
            Addressee = new MessageAddressee(Party.DepartmentKind, Party.LeadingGroupOffice, office),
            Data = new Dictionary<string, string?>(message.Data) { ["overdueKind"] = late.Kind, ["overdueCode"] = late.Code, ["overdueJurisdiction"] = late.Jurisdiction },
        };
        return [message, escalation];
    }

    /// <summary>A message id that follows from another id and a purpose: the same every time, so a repeat is recognised.</summary>
    public static Guid DerivedId(Guid id, string purpose) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{id:N}:{purpose}")).AsSpan(0, 16));

    public static async Task<DepartmentMessage> ToContractAsync(OutboxMessage row, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var envelope = OutboxEnvelope.Read(row.Body);
        var data = envelope.Data;
        Guid? taskId = Guid.TryParse(data.GetValueOrDefault(MessageEnvelope.TaskId), out var t) ? t : null;
        var addressee = envelope.Addressee is { } a ? new MessageAddressee(a.Kind, a.Code, a.Jurisdiction) : null;
        DateTimeOffset? dueAt = DateTimeOffset.TryParse(data.GetValueOrDefault(MessageEnvelope.DueAt), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due) ? due : null;
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

        if (addressee is null && data.GetValueOrDefault(MessageEnvelope.Village) is { } village)
        {
            addressee = new MessageAddressee("role", "village-committee", village);
        }

        return new DepartmentMessage
        {
            MessageId = row.Id,
            Type = row.MessageType,
            OccurredAt = (DateTimeOffset.TryParse(data.GetValueOrDefault(MessageEnvelope.At), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : row.CreatedAt).ToUniversalTime(),
            ProjectId = data.GetValueOrDefault(MessageEnvelope.ProjectId) ?? "",
            ProjectName = data.GetValueOrDefault(MessageEnvelope.ProjectName) ?? "",
            InstanceId = Guid.TryParse(data.GetValueOrDefault(MessageEnvelope.InstanceId), out var instance) ? instance : Guid.Empty,
            Definition = data.GetValueOrDefault(MessageEnvelope.Definition),
            StepId = data.GetValueOrDefault(MessageEnvelope.StepId),
            StepName = data.GetValueOrDefault(MessageEnvelope.StepName),
            Item = data.GetValueOrDefault(MessageEnvelope.Item),
            Addressee = addressee,
            TaskId = taskId,
            DueAt = dueAt?.ToUniversalTime(),
            TaskLink = taskId is { } link ? $"/api/tasks/{link}" : null,
            Data = data.Where(d => !MessageEnvelope.Keys.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value),
        };
    }

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
            "project-corrected" => $"项目已更正（第{m.Data.GetValueOrDefault("version")}版）：{m.Data.GetValueOrDefault("changed")}",
            "letter-issued" => $"文书已出具：{m.Data.GetValueOrDefault("title")}（{m.Data.GetValueOrDefault("number")}）",
            "task-escalated" => $"超期督办：{m.StepName}（{m.Item ?? m.Data.GetValueOrDefault("overdueCode")}）",
            "task-reminded" => $"催办：{what}",
            "task-referred" => $"提请督办：{what}（{m.Item ?? m.Data.GetValueOrDefault("department")}）",
            "notice" => m.Data.GetValueOrDefault("message") ?? "通知",
            _ => $"{m.Event}：{what}",
        } + $"（{m.ProjectName}）";
    }
}
