using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence.Documents;

/// <summary>
/// The next serial number of an issuer's documents in a year. Call it inside the transaction that stores the
/// document: the counter row stays locked until that transaction ends, so concurrent issuers wait their turn,
/// and a document that is not stored gives its number back with the rollback — no gaps, no repeats.
/// </summary>
public static class DocumentNumbers
{
    public static async Task<int> NextAsync(ApprovalsDbContext db, string issuerId, int year, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A document number is taken inside the transaction that stores the document.");
        }

        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO document_counters (issuer_id, year, next_serial) VALUES ({issuerId}, {year}, 1) ON CONFLICT DO NOTHING", cancellationToken);
        var taken = await db.Database.SqlQuery<int>(
            $"UPDATE document_counters SET next_serial = next_serial + 1 WHERE issuer_id = {issuerId} AND year = {year} RETURNING next_serial - 1 AS \"Value\"")
            .ToListAsync(cancellationToken);
        return taken.Single();
    }

    /// <summary>How a number is printed (GB/T 9704): the issuer's mark, the full year in 〔〕, the serial without zero padding, 号.</summary>
    public static string Format(string issuerMark, int year, int serial) => $"{issuerMark}〔{year}〕{serial}号";
}
