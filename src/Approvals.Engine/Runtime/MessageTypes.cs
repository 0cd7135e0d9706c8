namespace Approvals.Engine.Runtime;

/// <summary>
/// The stable names of every message the service publishes (versioned: a changed shape gets v2): the engine's, from
/// its steps, and the few the service sends itself (a reminder, a referral, an escalation, an issued letter).
/// Departments' systems subscribe by these names; <c>DepartmentMessage.Event</c> is the name without prefix and version.
/// </summary>
public static class MessageTypes
{
    public const string TaskAssigned = "approvals.task-assigned.v1";
    public const string TaskCompleted = "approvals.task-completed.v1";
    public const string TaskCancelled = "approvals.task-cancelled.v1";
    public const string TaskDueSoon = "approvals.task-due-soon.v1";
    public const string TaskOverdue = "approvals.task-overdue.v1";
    public const string MaterialDeferred = "approvals.material-deferred.v1";
    public const string MaterialSupplemented = "approvals.material-supplemented.v1";
    public const string MaterialDeadlineMissed = "approvals.material-deadline-missed.v1";
    public const string FilingSubmitted = "approvals.filing-submitted.v1";
    public const string FilingObjected = "approvals.filing-objected.v1";
    public const string FilingDeemedComplete = "approvals.filing-deemed-complete.v1";
    public const string ConsentRecorded = "approvals.consent-recorded.v1";
    public const string SignOffRecorded = "approvals.sign-off-recorded.v1";
    public const string AcceptancePassed = "approvals.acceptance-passed.v1";
    public const string BatchClosed = "approvals.batch-closed.v1";
    public const string LetterRequested = "approvals.letter-requested.v1";
    public const string ProjectCorrected = "approvals.project-corrected.v1";

    public const string Notice = "approvals.notice.v1";
    public const string InstanceFinished = "approvals.instance-finished.v1";

    // Sent by the service rather than by a step.

    /// <summary>The letter issuer's: the numbered PDF exists.</summary>
    public const string LetterIssued = "approvals.letter-issued.v1";

    /// <summary>An overdue task raised to the leading group office of its jurisdiction (超期督办), by the outbox relay.</summary>
    public const string TaskEscalated = "approvals.task-escalated.v1";

    /// <summary>A manager's reminder to the task's department (催办).</summary>
    public const string TaskReminded = "approvals.task-reminded.v1";

    /// <summary>A leading group office's referral of a task to the office one level up (提请督办).</summary>
    public const string TaskReferred = "approvals.task-referred.v1";
}
