using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Approvals.Engine.Runtime;

namespace Approvals.Persistence.Audit;

/// <summary>
/// Appends audit records to a stream's hash chain and checks chains. The hash covers every stored field
/// of the record and the previous record's hash, in a fixed text form, so anyone can recompute it.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    /// <summary>The record that follows <paramref name="head"/> in <paramref name="stream"/>.</summary>
    public static AuditRecord Next(string stream, int sequence, string head, Audited audited)
    {
        var record = new AuditRecord
        {
            Stream = stream,
            Sequence = sequence,
            OccurredAt = TruncateToMicroseconds(audited.At),
            Actor = audited.Actor,
            Action = audited.Action,
            Subject = audited.Subject,
            Reason = audited.Reason,
            Details = CanonicalDetails(audited.Details),
            PreviousHash = head,
            Hash = "",
        };
        record.Hash = HashOf(record);
        return record;
    }

    public static string HashOf(AuditRecord record)
    {
        var text = string.Join('\n',
            record.Stream,
            record.Sequence.ToString(CultureInfo.InvariantCulture),
            record.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            record.Actor,
            record.Action,
            record.Subject,
            record.Reason ?? "",
            record.Details,
            record.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Checks one stream's records (in sequence order) against each other and against the head the owner
    /// recorded. Returns the first problem, naming the record, or null when the chain is intact.
    /// </summary>
    public static string? FirstBreak(IReadOnlyList<AuditRecord> records, string expectedHead, int expectedCount)
    {
        var previous = Genesis;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Sequence != i + 1)
            {
                return $"{record.Stream}: record #{record.Id} has sequence {record.Sequence} where {i + 1} was expected (a record is missing)";
            }

            if (record.PreviousHash.Trim() != previous)
            {
                return $"{record.Stream}: record #{record.Id} (sequence {record.Sequence}) does not follow the record before it (a record was removed, inserted or changed)";
            }

            if (HashOf(record) != record.Hash.Trim())
            {
                return $"{record.Stream}: record #{record.Id} (sequence {record.Sequence}, {record.Action}) does not match its hash (the record was changed)";
            }

            previous = record.Hash.Trim();
        }

        if (records.Count != expectedCount || previous != expectedHead.Trim())
        {
            return $"{(records.Count > 0 ? records[0].Stream : "stream")}: the chain ends at sequence {records.Count}, but its owner recorded {expectedCount} records (records were removed from the end)";
        }

        return null;
    }

    private static string CanonicalDetails(IReadOnlyDictionary<string, string?> details) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string?>(details.ToDictionary(d => d.Key, d => d.Value), StringComparer.Ordinal),
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    // Both databases keep microseconds; hashing what is stored keeps the hash recomputable.
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
}
