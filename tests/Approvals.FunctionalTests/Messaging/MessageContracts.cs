using Approvals.Messaging.Contracts;
using Approvals.Persistence;
using Approvals.Server.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Approvals.FunctionalTests.Messaging;

/// <summary>
/// The README's table of message types (who each goes to, which <c>data</c> keys it carries), checked against what
/// a process really sent: a department's system is written from that table alone.
/// </summary>
public static class MessageContracts
{
    /// <summary>Type → (sent to a party rather than routed project.*, its data keys), as the README documents them.</summary>
    public static readonly IReadOnlyDictionary<string, (bool Addressed, string[] Data)> Documented = new Dictionary<string, (bool, string[])>
    {
        ["approvals.task-assigned.v1"] = (true, ["department", "jurisdiction", "dueDate", "provisional"]),
        ["approvals.task-due-soon.v1"] = (true, ["department", "jurisdiction"]),
        ["approvals.task-overdue.v1"] = (true, ["department", "jurisdiction"]),
        ["approvals.task-completed.v1"] = (true, ["outcome", "opinion"]),
        ["approvals.task-cancelled.v1"] = (true, ["reason"]),
        ["approvals.material-deferred.v1"] = (true, ["materials", "deadline", "onMissed"]),
        ["approvals.material-supplemented.v1"] = (true, ["material", "remaining"]),
        ["approvals.material-deadline-missed.v1"] = (true, ["materials", "consequence"]),
        ["approvals.filing-submitted.v1"] = (true, ["objectionWindowEnds"]),
        ["approvals.filing-objected.v1"] = (false, ["reason"]),
        ["approvals.filing-deemed-complete.v1"] = (true, []),
        ["approvals.consent-recorded.v1"] = (true, ["village", "passed", "summary", "attempt"]),
        ["approvals.sign-off-recorded.v1"] = (false, ["figures"]),
        ["approvals.acceptance-passed.v1"] = (false, []),
        ["approvals.batch-closed.v1"] = (false, ["batch", "approved", "decision", "opinion"]),
        ["approvals.letter-requested.v1"] = (true, ["document"]),
        ["approvals.project-corrected.v1"] = (false, ["version", "reason", "changed"]),
        ["approvals.letter-issued.v1"] = (true, ["document", "documentId", "number", "title", "link"]),
        ["approvals.notice.v1"] = (true, ["message"]),
        ["approvals.instance-finished.v1"] = (false, ["status", "reason"]),
        ["approvals.task-escalated.v1"] = (true, ["department", "jurisdiction", "overdueKind", "overdueCode", "overdueJurisdiction"]),
        ["approvals.task-reminded.v1"] = (true, ["message", "by"]),
        ["approvals.task-referred.v1"] = (true, ["department", "jurisdiction", "reason", "by", "from"]),
    };

    /// <summary>Every message written to the outbox about the project, as departments receive it.</summary>
    public static async Task<List<DepartmentMessage>> SentAsync(ApprovalsDbContext db, string projectId, CancellationToken cancellationToken)
    {
        var rows = await db.OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        var sent = new List<DepartmentMessage>();
        foreach (var row in rows)
        {
            sent.AddRange((await OutboxTranslation.ToContractsAsync(row, db, cancellationToken)).Where(m => m.ProjectId == projectId));
        }

        return sent;
    }

    /// <summary>Each message has the envelope and exactly the data keys the README gives its type; returns the events sent.</summary>
    public static async Task<HashSet<string>> AssertDocumentedAsync(ApprovalsDbContext db, string projectId, string definition, CancellationToken cancellationToken)
    {
        var sent = await SentAsync(db, projectId, cancellationToken);
        Assert.NotEmpty(sent);
        foreach (var m in sent)
        {
            AssertDocumented(m, projectId, definition);
        }

        return [.. sent.Select(m => m.Event)];
    }

    private static void AssertDocumented(DepartmentMessage m, string projectId, string definition)
    {
        Assert.True(Documented.TryGetValue(m.Type, out var contract), $"{m.Type} is not in the README's table");
        Assert.Equal(projectId, m.ProjectId);
        Assert.False(string.IsNullOrEmpty(m.ProjectName));
        Assert.Equal(definition, m.Definition);
        Assert.Equal(TimeSpan.Zero, m.OccurredAt.Offset);
        Assert.Equal(contract.Addressed, m.Addressee is not null);
        Assert.Equal(m.Addressee is null, m.RoutingKey.StartsWith("project.", StringComparison.Ordinal));
        if (m.Type != "approvals.instance-finished.v1")
        {
            Assert.False(string.IsNullOrEmpty(m.StepId), $"{m.Type} names no step");
            Assert.False(string.IsNullOrEmpty(m.StepName), $"{m.Type} names no step name");
        }

        Assert.Equal(m.TaskId is { } task ? $"/api/tasks/{task}" : null, m.TaskLink);
        Assert.Equal(contract.Data.Order(StringComparer.Ordinal), m.Data.Keys.Order(StringComparer.Ordinal));
    }
}
