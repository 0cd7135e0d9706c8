namespace Approvals.Persistence.Audit;

/// <summary>
/// One command or transition: who, when, what, why, with its details. Records form one hash chain per
/// stream (an instance's whole history): <see cref="Hash"/> covers the record and <see cref="PreviousHash"/>,
/// so editing, removing or reordering a record breaks the chain at that point.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    /// <summary>The chain this record belongs to, e.g. <c>instance:0193…</c>.</summary>
    public required string Stream { get; set; }

    /// <summary>1, 2, 3 … within the stream.</summary>
    public int Sequence { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>User id, or <c>system</c> for timers and the engine itself.</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Subject { get; set; }

    public string? Reason { get; set; }

    /// <summary>The details as canonical JSON (keys in order), exactly as hashed.</summary>
    public required string Details { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}
