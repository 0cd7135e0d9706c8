namespace Approvals.Persistence.Outbox;

/// <summary>
/// A message written in the same transaction as the engine step that caused it, relayed to the bus
/// afterwards. A relay claims rows by lease (<see cref="LeaseOwner"/>, <see cref="LeaseExpiresAt"/>)
/// so that several nodes can relay without sending a row twice.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The contract's stable name, e.g. <c>approvals.task-assigned.v1</c>.</summary>
    public required string MessageType { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not before this instant: moves forward with each failed attempt (backoff).</summary>
    public DateTimeOffset AvailableAt { get; set; }

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}
