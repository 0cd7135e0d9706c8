using Approvals.Engine.Runtime;

namespace Approvals.Scenarios;

/// <summary>
/// Runs one instance the way the service does: in memory through the engine alone, or durably through the
/// persistence layer on SQLite or PostgreSQL. Scenarios are written once against this.
/// </summary>
public interface IProcessDriver : IAsyncDisposable
{
    Task StartAsync(string definitionId, ProjectSnapshot project, DateTimeOffset at);

    /// <summary>Throws <see cref="EngineException"/> exactly as the engine does; a refused command changes nothing.</summary>
    Task HandleAsync(Command command);

    /// <summary>Fires, in due order, every timer due at or before <paramref name="now"/>; returns how many fired.</summary>
    Task<int> FireDueTimersAsync(DateTimeOffset now);

    Task<InstanceView> ViewAsync();
}

public sealed record OpenTaskView(Guid TaskId, string StepId, string Activity, Party Assignee, string? ItemKey, DateOnly? DueDate, TaskWarning? Warning);

public sealed record BookmarkView(BookmarkKind Kind, string Key);

/// <summary>What the outside world can see of an instance: its columns, its open tasks and what it waits for.</summary>
public sealed record InstanceView(
    InstanceStatus Status,
    string? Reason,
    IReadOnlyList<string> CurrentSteps,
    IReadOnlyList<string> WaitingDepartments,
    IReadOnlyList<OpenTaskView> OpenTasks,
    IReadOnlyList<BookmarkView> Bookmarks,
    IReadOnlyList<DateTimeOffset> PendingTimers,
    IReadOnlyList<string> Letters,
    IReadOnlyList<string> AuditActions,
    IReadOnlyList<MeasuredFigure> Measured);
