namespace Approvals.Engine.Runtime;

/// <summary>The stable names of the messages the engine publishes (versioned: a changed shape gets v2).</summary>
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

    /// <summary>Published by the letter issuer, not the engine: the numbered PDF exists.</summary>
    public const string LetterIssued = "approvals.letter-issued.v1";
    public const string Notice = "approvals.notice.v1";
    public const string InstanceFinished = "approvals.instance-finished.v1";
}
