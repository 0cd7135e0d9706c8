namespace Approvals.Persistence.Audit;

/// <summary>
/// One command or transition: who, when, what, why, before and after. Records are chained by hash
/// (<see cref="Hash"/> covers the record and <see cref="PreviousHash"/>) so that tampering is detectable.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>User id, or <c>system</c> for timers and the engine itself.</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string SubjectType { get; set; }

    public required string SubjectId { get; set; }

    public string? Reason { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}
