using Approvals.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence.Audit;

public sealed record AuditVerification(int Chains, int Records, IReadOnlyList<string> Breaks)
{
    public bool Intact => Breaks.Count == 0;
}

/// <summary>
/// Recomputes every instance's and project's audit chain from its records and compares it with the head the instance
/// (or project) row holds: an edited, inserted, removed or reordered record is named with the first place it shows.
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(ApprovalsDbContext db, CancellationToken cancellationToken = default)
    {
        var instances = await db.Instances.AsNoTracking()
            .Select(i => new { i.Id, i.AuditHead, i.AuditCount })
            .ToListAsync(cancellationToken);
        var projects = await db.Projects.AsNoTracking()
            .Select(p => new { p.Id, p.AuditHead, p.AuditCount })
            .ToListAsync(cancellationToken);
        var heads = instances.Select(i => (Stream: AuditStreams.Instance(i.Id), i.AuditHead, i.AuditCount))
            .Concat(projects.Select(p => (Stream: AuditStreams.Project(p.Id), p.AuditHead, p.AuditCount)))
            .ToList();
        var breaks = new List<string>();
        var records = 0;
        foreach (var head in heads)
        {
            var stream = head.Stream;
            var chain = await db.AuditRecords.AsNoTracking().Where(a => a.Stream == stream).OrderBy(a => a.Sequence).ToListAsync(cancellationToken);
            records += chain.Count;
            if (AuditChain.FirstBreak(chain, head.AuditHead, head.AuditCount) is { } problem)
            {
                breaks.Add(problem);
            }
        }

        var known = heads.Select(h => h.Stream).ToHashSet();
        var orphans = await db.AuditRecords.AsNoTracking().Select(a => a.Stream).Distinct().ToListAsync(cancellationToken);
        breaks.AddRange(orphans.Where(s => (s.StartsWith(AuditStreams.InstancePrefix, StringComparison.Ordinal) || s.StartsWith(AuditStreams.ProjectPrefix, StringComparison.Ordinal)) && !known.Contains(s))
            .Select(s => $"{s}: audit records of an {(s.StartsWith(AuditStreams.ProjectPrefix, StringComparison.Ordinal) ? "project" : "instance")} that no longer exists"));
        return new AuditVerification(heads.Count, records, breaks);
    }
}
