using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// What a step asks the outside world to record. The persistence layer writes all of a transition's effects
/// in the same transaction as the new state, so they happen together or not at all.
/// </summary>
public abstract record Effect;

/// <summary>A human task addressed to <see cref="Assignee"/>, due at the end of <see cref="Due"/> (if it has a limit).</summary>
public sealed record TaskOpened(
    Guid TaskId,
    int ActivityId,
    string StepId,
    string StepName,
    string Activity,
    Party Assignee,
    ItemRef? Item,
    DueDate? Due,
    IReadOnlyList<Outcome> Outcomes,
    DateTimeOffset At) : Effect;

public enum TaskClosure
{
    Completed,

    /// <summary>Closed because its branch, or the whole process, no longer needs it.</summary>
    Cancelled,
}

/// <param name="WorkingDaysTaken">Working days from the day it opened to the day it closed, on the statutory calendar: what rankings and step durations add up.</param>
/// <param name="Facts">Whose task it was, of which step, due when: what the monitoring tallies count it under.</param>
/// <param name="ProjectVersion">The project data version a decision was made on (null for a cancelled task).</param>
public sealed record TaskClosed(
    Guid TaskId, TaskClosure Closure, Outcome? Outcome, string? Opinion, string Actor, DateTimeOffset At, string? Reason = null, int? WorkingDaysTaken = null,
    ClosedTaskFacts? Facts = null, int? ProjectVersion = null) : Effect;

/// <summary>A closing task as it stood: its assignee, step and time limit.</summary>
public sealed record ClosedTaskFacts(Party Assignee, string StepId, string StepName, DateTimeOffset? DueAt);

public enum TaskWarning
{
    /// <summary>Due soon: the remaining working days reached the definition's threshold.</summary>
    Yellow,

    /// <summary>Overdue.</summary>
    Red,
}

/// <summary>A task's due date was counted again (a provisional limit, once its year's calendar is known).</summary>
public sealed record TaskDueChanged(Guid TaskId, DueDate Due) : Effect;

public sealed record TaskWarningRaised(Guid TaskId, TaskWarning Warning, DateTimeOffset At) : Effect;

public sealed record TimerScheduled(TimerRecord Timer) : Effect;

public sealed record TimerCancelled(Guid TimerId) : Effect;

public enum BookmarkKind
{
    /// <summary>Waits for a village's consent result; key: the village code.</summary>
    Consent,

    /// <summary>Waits for a higher office to close a batch; key: batch kind and the office's jurisdiction.</summary>
    Batch,

    /// <summary>A gate blocked; waits for the project's figures to change; key: the step id.</summary>
    Gate,

    /// <summary>A step (the decision) waits for deferred materials (容缺) to be supplied; key: the step id.</summary>
    Materials,
}

/// <summary>How a bookmark's key is made, for the engine that creates it and for whoever resumes it.</summary>
public static class BookmarkKeys
{
    /// <summary>A batch's: the batch kind at the jurisdiction of the office that closes it, e.g. <c>city-acceptance@330400</c>.</summary>
    public static string Batch(string batchKind, string jurisdiction) => $"{batchKind}@{jurisdiction}";
}

public sealed record BookmarkCreated(BookmarkKind Kind, string Key, int ActivityId) : Effect;

public sealed record BookmarkRemoved(BookmarkKind Kind, string Key, int ActivityId) : Effect;

/// <summary>A message for the bus, written to the outbox. <see cref="Type"/> is the contract's stable name.</summary>
public sealed record MessagePublished(string Type, Party? Addressee, IReadOnlyDictionary<string, string?> Data) : Effect;

/// <summary>A document to issue; rendering happens off the step.</summary>
public sealed record LetterRequested(string Document, Party Issuer, int ActivityId, ItemRef? Item) : Effect;

/// <summary>One line of the audit trail: who did what to which subject, and why.</summary>
public sealed record Audited(string Actor, string Action, string Subject, string? Reason, IReadOnlyDictionary<string, string?> Details, DateTimeOffset At) : Effect;
