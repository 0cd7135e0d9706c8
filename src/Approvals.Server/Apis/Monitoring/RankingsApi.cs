using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using System.Text.Json;
using Approvals.Persistence;
using Approvals.Persistence.Monitoring;
using Approvals.Persistence.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>One ranked department or county over a period (赛马晾晒).</summary>
/// <param name="OnTimeRate">Completed within the time limit, over completed (0–1, three decimals); null when nothing was completed.</param>
/// <param name="Overdue">Tasks whose time limit ended in the period without their being completed by it.</param>
/// <param name="Returns">Tasks completed in the period by returning the matter (退回).</param>
public sealed record RankingRow(int Rank, string Key, string Name, int Completed, int OnTime, decimal? OnTimeRate, decimal? AverageWorkingDays, int Overdue, int Returns);

/// <summary>A ranking; a closed period's is frozen when first asked for and answered the same ever after.</summary>
public sealed record Ranking(string Period, string By, bool Frozen, DateTimeOffset? FrozenAt, IReadOnlyList<RankingRow> Rows);

/// <summary>
/// Rankings of departments and counties over a month, quarter or year: on-time completion rate, average working days,
/// overdue and returned tasks. A period that has ended is computed once and kept (ranking_snapshots), so a published
/// ranking never changes; the current period is live.
/// </summary>
public static class RankingsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapRankingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/monitoring/rankings", RankAsync).WithTags("Monitoring").RequireAuthorization().WithName("MonitoringRankings")
            .Produces<Ranking>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).Produces(StatusCodes.Status403Forbidden)
            .WithSummary("赛马晾晒: departments or counties of my jurisdiction (by=department|county) over period=2026-10|2026-Q4|2026, ranked by on-time rate then average working days; "
                + "a closed period's ranking is frozen when first asked for; format=csv exports it.");
        return app;
    }

    private static async Task<IResult> RankAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time, string? by, string? period, string? format, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(user);
        if (await MonitoringScope.CountiesAsync(db, caller, cancellationToken) is not { } counties)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        errors.Require(by is "department" or "county", "by", "按 department / county 排名");
        var span = Period.Parse(period);
        errors.Require(span is not null, "period", Period.Expected);
        errors.Require(format is null or "json" or "csv", "format", "格式为 json 或 csv");
        var now = time.GetUtcNow();
        errors.Require(span is null || span.Start <= now, "period", "期间尚未开始");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var ranking = span!.IsClosedAt(now)
            ? await FrozenAsync(db, caller!.Jurisdiction, by!, span, now, () => ComputeAsync(db, counties, by!, span, now, cancellationToken), cancellationToken)
            : new Ranking(span.Name, by!, false, null, await ComputeAsync(db, counties, by!, span, now, cancellationToken));
        if (format == "csv")
        {
            return CsvExport.File($"ranking-{by}-{span.Name}.csv", ["名次", "单位", "办结", "按时办结", "按时办结率", "平均用时（工作日）", "超期", "退回"],
                ranking.Rows.Select(r => (IReadOnlyList<string?>)[CsvExport.Number(r.Rank), r.Name, CsvExport.Number(r.Completed), CsvExport.Number(r.OnTime),
                    r.OnTimeRate?.ToString("P1", CultureInfo.InvariantCulture), r.AverageWorkingDays?.ToString("0.0", CultureInfo.InvariantCulture), CsvExport.Number(r.Overdue), CsvExport.Number(r.Returns)]));
        }

        return TypedResults.Ok(ranking);
    }

    private static async Task<Ranking> FrozenAsync(
        ApprovalsDbContext db, string scope, string by, Period span, DateTimeOffset now, Func<Task<List<RankingRow>>> compute, CancellationToken cancellationToken)
    {
        async Task<Ranking?> StoredAsync() =>
            await db.RankingSnapshots.AsNoTracking().Where(r => r.Scope == scope && r.Dimension == by && r.Period == span.Name)
                .Select(r => new { r.Rows, r.FrozenAt }).FirstOrDefaultAsync(cancellationToken) is { } stored
                ? new Ranking(span.Name, by, true, stored.FrozenAt, JsonSerializer.Deserialize<List<RankingRow>>(stored.Rows, Json)!)
                : null;

        if (await StoredAsync() is { } frozen)
        {
            return frozen;
        }

        var rows = await compute();
        db.RankingSnapshots.Add(new RankingSnapshot
        {
            Id = Guid.CreateVersion7(), Scope = scope, Dimension = by, Period = span.Name, Rows = JsonSerializer.Serialize(rows, Json), FrozenAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new Ranking(span.Name, by, true, now, rows);
        }
        catch (DbUpdateException)
        {
            // Another node froze it first: theirs is the published one.
            db.ChangeTracker.Clear();
            return await StoredAsync() ?? throw new InvalidOperationException($"The {span.Name} ranking could not be frozen.");
        }
    }


    private static async Task<List<RankingRow>> ComputeAsync(
        ApprovalsDbContext db, IReadOnlyList<string> counties, string by, Period span, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // What closed comes from the monthly tallies; what is still open and past its limit, from the open tasks' index.
        var (start, until, months) = (span.Start, now < span.End ? now.ToUniversalTime() : span.End, span.Months);
        var tallies = db.TaskTallies.AsNoTracking().Where(t => counties.Contains(t.CountyCode) && months.Contains(t.Month));
        var open = db.Tasks.AsNoTracking().Where(t => t.Status == TaskRowStatus.Open && counties.Contains(t.CountyCode) && t.DueAt >= start && t.DueAt < until);
        if (by == "department")
        {
            tallies = tallies.Where(t => t.AssigneeKind == "department");
            open = open.Where(t => t.AssigneeKind == "department");
        }

        Expression<Func<TaskTally, string>> tallyKey = by == "department" ? t => t.AssigneeJurisdiction + "/" + t.AssigneeCode : t => t.CountyCode;
        Expression<Func<TaskRecord, string>> taskKey = by == "department" ? t => t.AssigneeJurisdiction + "/" + t.AssigneeCode : t => t.CountyCode;
        var summed = await tallies.GroupBy(tallyKey).Select(g => new
        {
            g.Key,
            Completed = g.Sum(t => t.Completed),
            OnTime = g.Sum(t => t.OnTime),
            Days = g.Sum(t => t.WorkingDays),
            Counted = g.Sum(t => t.Timed),
            Returns = g.Sum(t => t.Returns),
            Late = g.Sum(t => t.Late),
        }).ToDictionaryAsync(c => c.Key, cancellationToken);
        var stillOpen = await open.GroupBy(taskKey).Select(g => new { g.Key, Overdue = g.Count() }).ToDictionaryAsync(o => o.Key, o => o.Overdue, cancellationToken);

        var keys = summed.Keys.Union(stillOpen.Keys).ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return [.. keys.Select(k =>
            {
                var c = summed.GetValueOrDefault(k);
                return new RankingRow(0, k, names.GetValueOrDefault(k, k), c?.Completed ?? 0, c?.OnTime ?? 0,
                    c is { Completed: > 0 } ? Math.Round((decimal)c.OnTime / c.Completed, 3) : null,
                    c is { Counted: > 0 } ? Math.Round((decimal)c.Days / c.Counted, 1) : null,
                    (c?.Late ?? 0) + stillOpen.GetValueOrDefault(k), c?.Returns ?? 0);
            })
            .OrderByDescending(r => r.OnTimeRate ?? -1).ThenBy(r => r.AverageWorkingDays ?? decimal.MaxValue).ThenByDescending(r => r.Completed).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select((r, i) => r with { Rank = i + 1 })];
    }
}
