using System.Linq.Expressions;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>
/// A breakdown of open tasks by department, county, region or step: per group, how many are open, due soon and overdue,
/// and how old they are, in one grouped query; each row named and with the query of the list behind it (下钻).
/// </summary>
internal static class Breakdown
{
    public static readonly string[] Dimensions = ["department", "county", "region", "step"];

    public static async Task<List<BreakdownRow>> RunAsync(ApprovalsDbContext db, IQueryable<TaskRecord> rows, string by, AgeingBounds bounds, CancellationToken cancellationToken)
    {
        var lines = by switch
        {
            "department" => await GroupAsync(rows, r => new Key(r.AssigneeKind, r.AssigneeCode, r.AssigneeJurisdiction), bounds, cancellationToken),
            "county" => await GroupAsync(rows, r => new Key(r.CountyCode, "", ""), bounds, cancellationToken),
            "region" => await GroupAsync(rows, r => new Key(r.DefinitionId, "", ""), bounds, cancellationToken),
            _ => await GroupAsync(rows, r => new Key(r.DefinitionId, r.StepId, ""), bounds, cancellationToken),
        };
        return await NameAsync(db, by, lines, cancellationToken);
    }

    /// <summary>A group's key: up to three columns (a department is kind, code and jurisdiction; a step is definition and step).</summary>
    private sealed record Key(string A, string B, string C);

    private sealed class Counts
    {
        public required string A { get; init; }

        public required string B { get; init; }

        public required string C { get; init; }

        public string? StepName { get; init; }

        public int Open { get; init; }

        public int DueSoon { get; init; }

        public int Overdue { get; init; }

        public int UpToFive { get; init; }

        public int SixToTen { get; init; }

        public int ElevenToTwenty { get; init; }
    }

    private static async Task<List<Counts>> GroupAsync(IQueryable<TaskRecord> rows, Expression<Func<TaskRecord, Key>> key, AgeingBounds b, CancellationToken cancellationToken)
    {
        var (dueSoon, overdue) = (TaskUrgency.DueSoon(b.Now), TaskUrgency.Overdue(b.Now));
        var (upToFive, sixToTen, elevenToTwenty) = (b.Bucket(AgeingBounds.UpToFive), b.Bucket(AgeingBounds.SixToTen), b.Bucket(AgeingBounds.ElevenToTwenty));

        // The meanings of due soon, overdue and each bucket are written once (TaskUrgency, AgeingBounds) and inlined here.
        Expression<Func<IGrouping<Key, TaskRecord>, Counts>> counts = g => new Counts
        {
            A = g.Key.A, B = g.Key.B, C = g.Key.C,
            StepName = g.Max(r => r.StepName),
            Open = g.Count(),
            DueSoon = g.Count(r => dueSoon.Invoke(r)),
            Overdue = g.Count(r => overdue.Invoke(r)),
            UpToFive = g.Count(r => upToFive.Invoke(r)),
            SixToTen = g.Count(r => sixToTen.Invoke(r)),
            ElevenToTwenty = g.Count(r => elevenToTwenty.Invoke(r)),
        };
        return await rows.GroupBy(key).Select(counts.Expand()).ToListAsync(cancellationToken);
    }

    private static async Task<List<BreakdownRow>> NameAsync(ApprovalsDbContext db, string by, List<Counts> lines, CancellationToken cancellationToken)
    {
        Dictionary<string, string> names;
        (string Key, string Drill) Identify(Counts k) => by switch
        {
            "department" => (Parties.OrganisationOf(k.A, k.B, k.C), $"organisation={Uri.EscapeDataString(Parties.OrganisationOf(k.A, k.B, k.C))}"),
            "county" => (k.A, $"county={k.A}"),
            "region" => (k.A, $"region={Uri.EscapeDataString(k.A)}"),
            _ => ($"{k.A}:{k.B}", $"step={Uri.EscapeDataString($"{k.A}:{k.B}")}"),
        };

        var keys = lines.Select(l => Identify(l).Key).ToList();
        if (by is "department" or "county")
        {
            names = await db.Organisations.AsNoTracking().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        }
        else
        {
            var definitions = lines.Select(l => l.A).Distinct().ToList();
            var named = await db.Definitions.AsNoTracking().Where(d => definitions.Contains(d.Id)).Select(d => new { d.Id, d.Version, d.Name }).ToListAsync(cancellationToken);
            names = named.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!.Name);
        }

        return [.. lines.Select(l =>
        {
            var (key, drill) = Identify(l);
            var name = by == "step" ? $"{names.GetValueOrDefault(l.A, l.A)}：{l.StepName}" : names.GetValueOrDefault(key, key);
            return new BreakdownRow(key, name, l.Open, l.DueSoon, l.Overdue,
                new Ageing(l.UpToFive, l.SixToTen, l.ElevenToTwenty, l.Open - l.UpToFive - l.SixToTen - l.ElevenToTwenty), drill);
        }).OrderByDescending(r => r.Overdue).ThenByDescending(r => r.Open).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }
}
