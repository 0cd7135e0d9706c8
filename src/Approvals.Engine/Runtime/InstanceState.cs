using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

public enum InstanceStatus
{
    Running,

    /// <summary>A gate failed: waiting for the project's figures to change.</summary>
    Blocked,

    /// <summary>中止: deferred materials were missed and the definition says suspend; resumes when they arrive.</summary>
    Suspended,

    Completed,

    /// <summary>不予通过 / 不予批准.</summary>
    Rejected,

    /// <summary>终止.</summary>
    Terminated,
}

public enum ActivityKind
{
    /// <summary>The definition's top-level steps.</summary>
    Root,

    /// <summary>A step of the definition.</summary>
    Step,

    /// <summary>One branch of a parallel: a fixed branch, or the branch for one forEach item.</summary>
    Branch,

    /// <summary>The case a branch step chose.</summary>
    Case,
}

public enum ActivityStatus
{
    Active,
    Completed,
    Cancelled,
}

/// <summary>The item a forEach branch runs for: a department, a village or a sub-project.</summary>
public sealed record ItemRef(string Kind, string Key, string Name, string? Department);

/// <summary>
/// One execution of a step (or of a branch or case of one). Records are never removed: a step run again after
/// a return gets a new record, and cancelled ones stay, with the reason, so the history is complete.
/// </summary>
public sealed class ActivityRecord
{
    public int Id { get; init; }

    public int? ParentId { get; init; }

    public ActivityKind Kind { get; init; }

    /// <summary>The step's id; for a branch or case, the parallel's or branch step's id; <c>$root</c> for the root.</summary>
    public required string StepId { get; init; }

    /// <summary>A fixed branch's or a case's position.</summary>
    public int Index { get; init; }

    public ItemRef? Item { get; init; }

    public ActivityStatus Status { get; set; }

    public BranchResult? Result { get; set; }

    /// <summary>For sequences: the position of the child that runs now.</summary>
    public int Cursor { get; set; }

    public Guid? TaskId { get; set; }

    /// <summary>Whom the task was addressed to, as resolved when it opened.</summary>
    public Party? Assignee { get; set; }

    /// <summary>When the open task's time limit ends, if it has one.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The time limit ran into a year the calendar had no data for: recount when it does.</summary>
    public bool DueProvisional { get; set; }

    public List<string>? BlockedReasons { get; set; }

    /// <summary>On a gate: the 原则上 checks an exception was granted for; they no longer block it.</summary>
    public List<string>? WaivedChecks { get; set; }

    /// <summary>Under a gate: the exception to this check the deciding body is asked for (the activity holds its task).</summary>
    public string? ExceptionFor { get; set; }

    /// <summary>The step waits, not yet started, for deferred materials (容缺) a review accepted as to come later.</summary>
    public bool HeldForMaterials { get; set; }

    /// <summary>Consent votes held so far (a failed vote may be held again).</summary>
    public int Attempts { get; set; }

    public Dictionary<string, decimal>? Figures { get; set; }

    /// <summary>How a sign-off's figures were measured, and by whom.</summary>
    public Measurement? Measurement { get; set; }

    /// <summary>Who took part in an acceptance, as its opinion lists them.</summary>
    public List<Participant>? Participants { get; set; }

    public string? Opinion { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? Note { get; set; }
}

public enum DeferralStatus
{
    Open,
    Satisfied,
    Missed,
    Cancelled,
}

/// <summary>容缺受理 on a review: materials accepted as to come later, by a deadline.</summary>
public sealed class DeferralRecord
{
    public int ActivityId { get; init; }

    public Guid TaskId { get; init; }

    public required List<string> Pending { get; init; }

    public List<string> Supplied { get; init; } = [];

    public DateTimeOffset Deadline { get; set; }

    public DateTimeOffset AcceptedAt { get; init; }

    public int DeadlineWorkingDays { get; init; }

    public bool DeadlineProvisional { get; set; }

    public Guid TimerId { get; set; }

    public DeferralConsequence OnMissed { get; init; }

    public DeferralStatus Status { get; set; }
}

public enum TimerKind
{
    /// <summary>A filing's objection window ends: no objection means deemed complete.</summary>
    FilingWindow,

    /// <summary>The deadline for deferred materials.</summary>
    DeferralDeadline,

    /// <summary>A task's remaining working days reach the yellow threshold.</summary>
    TaskDueSoon,

    /// <summary>A task's time limit has passed.</summary>
    TaskOverdue,
}

public sealed record TimerRecord(Guid Id, TimerKind Kind, DateTimeOffset DueAt, int ActivityId, Guid? TaskId);

/// <summary>
/// Everything about one running process that the engine needs between steps. Persisted as the instance's
/// state document; lists and inboxes read the columns and rows projected from it, never this.
/// </summary>
public sealed class InstanceState
{
    public Guid InstanceId { get; init; }

    public required string DefinitionId { get; init; }

    public int DefinitionVersion { get; init; }

    public InstanceStatus Status { get; set; }

    public string? StatusReason { get; set; }

    public required ProjectSnapshot Project { get; set; }

    public List<ActivityRecord> Activities { get; init; } = [];

    public List<DeferralRecord> Deferrals { get; init; } = [];

    /// <summary>Timers scheduled and not yet fired or cancelled.</summary>
    public List<TimerRecord> Timers { get; init; } = [];

    public int NextActivityId { get; set; } = 1;

    public bool IsFinished => Status is InstanceStatus.Completed or InstanceStatus.Rejected or InstanceStatus.Terminated;

    public ActivityRecord Activity(int id) => Activities.First(a => a.Id == id);

    /// <summary>The earliest time limit among open tasks: the instance's next deadline.</summary>
    public DateTimeOffset? NextDueAt() =>
        Activities.Where(a => a.Status == ActivityStatus.Active && a.TaskId is not null && a.DueAt is not null).Min(a => a.DueAt);

    /// <summary>The departments (code@jurisdiction) that have an open task here: who the process waits for.</summary>
    public IReadOnlyList<string> WaitingDepartments() =>
        [.. Activities.Where(a => a.Status == ActivityStatus.Active && a.TaskId is not null && a.Assignee?.Kind == Party.DepartmentKind)
            .Select(a => $"{a.Assignee!.Code}@{a.Assignee.Jurisdiction}").Distinct().Order(StringComparer.Ordinal)];

    public IEnumerable<ActivityRecord> ActiveLeaves() =>
        Activities.Where(a => a.Status == ActivityStatus.Active && !Activities.Any(c => c.ParentId == a.Id && c.Status == ActivityStatus.Active));
}
