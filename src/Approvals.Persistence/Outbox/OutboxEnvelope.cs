using Approvals.Engine.Runtime;
using Approvals.Persistence.Workflows;

namespace Approvals.Persistence.Outbox;

/// <summary>
/// What an outbox row's body holds: whom the message is for (null: the translation finds the addressee from the task
/// or the village) and its data, which starts with the <see cref="MessageEnvelope"/> keys. Written by the engine's
/// steps and by the service's own messages, read by the relay; stored as camelCase JSON.
/// </summary>
public sealed record OutboxEnvelope(Party? Addressee, IReadOnlyDictionary<string, string?> Data)
{
    public string Write() => StateDocument.Write(this);

    public static OutboxEnvelope Read(string body)
    {
        var envelope = StateDocument.Read<OutboxEnvelope>(body);

        // A body without data (none is written so, but a row may be edited by hand) reads as empty data.
        return envelope.Data is null ? envelope with { Data = new Dictionary<string, string?>() } : envelope;
    }

    /// <summary>The row for a message, available at once.</summary>
    public OutboxMessage ToRow(Guid id, string type, DateTimeOffset at) => new()
    {
        Id = id, MessageType = type, Body = Write(), CreatedAt = at, AvailableAt = at,
    };
}
