using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>How long a step's tasks took, in working days: the median and the 90th percentile (nearest rank).</summary>
public sealed record StepDuration(string Key, string DefinitionId, string StepId, string StepName, int Completed, int Median, int Percentile90, string Drill);

/// <summary>
/// Working days per step over a period, for the tasks completed in it within the manager's counties. PostgreSQL
/// computes the percentiles itself (percentile_disc); SQLite, the embedded default, has none, so its narrow column
/// of durations is ranked here. Both take the nearest rank: the smallest value with at least p of the tasks at or below it.
/// </summary>
public static class StepDurationsApi
{
    public static IEndpointRouteBuilder MapStepDurationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/monitoring/step-durations", DurationsAsync).WithTags("Monitoring").RequireAuthorization().WithName("MonitoringStepDurations")
            .Produces<List<StepDuration>>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).Produces(StatusCodes.Status403Forbidden)
            .WithSummary("Median and 90th-percentile working days per step (definition:step) for tasks completed in period=2026-10|2026-Q4|2026 in my counties, optionally of one region; format=csv exports it.");
        return app;
    }

    private sealed record Sample(string DefinitionId, string StepId, string StepName, int Days);

    private sealed class Aggregate
    {
        public required string DefinitionId { get; init; }

        public required string StepId { get; init; }

        public required string StepName { get; init; }

        public int Completed { get; init; }

        public int Median { get; init; }

        public int Percentile90 { get; init; }
    }

    private static async Task<IResult> DurationsAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, DatabaseSettings database, TimeProvider time, string? period, string? region, string? format, CancellationToken cancellationToken)
    {
        if (await MonitoringScope.CountiesAsync(db, Caller.Of(user), cancellationToken) is not { } counties)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        var span = Period.Parse(period);
        errors.Require(span is not null, "period", Period.Expected);
        errors.Require(format is null or "json" or "csv", "format", "格式为 json 或 csv");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (start, end) = (span!.Start, span.End);
        List<Aggregate> rows;
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            var countyList = counties.ToArray();
            rows = await db.Database.SqlQuery<Aggregate>($"""
                SELECT t.definition_id AS "DefinitionId", t.step_id AS "StepId", max(t.step_name) AS "StepName", count(*)::int AS "Completed",
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY t.working_days_taken) AS "Median",
                       percentile_disc(0.9) WITHIN GROUP (ORDER BY t.working_days_taken) AS "Percentile90"
                FROM workflow_tasks t
                WHERE t.status = 'completed' AND t.county_code = ANY({countyList}) AND t.closed_at >= {start} AND t.closed_at < {end}
                  AND t.working_days_taken IS NOT NULL AND ({region}::text IS NULL OR t.definition_id = {region}::text)
                GROUP BY t.definition_id, t.step_id
                """).ToListAsync(cancellationToken);
        }
        else
        {
            var samples = await db.Tasks.AsNoTracking()
                .Where(t => t.Status == TaskRowStatus.Completed && counties.Contains(t.CountyCode) && t.ClosedAt >= start && t.ClosedAt < end
                    && t.WorkingDaysTaken != null && (region == null || t.DefinitionId == region))
                .Select(t => new Sample(t.DefinitionId, t.StepId, t.StepName, t.WorkingDaysTaken!.Value))
                .ToListAsync(cancellationToken);
            rows = [.. samples.GroupBy(s => (s.DefinitionId, s.StepId)).Select(g =>
            {
                var sorted = g.Select(s => s.Days).Order().ToList();
                return new Aggregate
                {
                    DefinitionId = g.Key.DefinitionId, StepId = g.Key.StepId, StepName = g.Max(s => s.StepName)!, Completed = sorted.Count,
                    Median = NearestRank(sorted, 0.5), Percentile90 = NearestRank(sorted, 0.9),
                };
            })];
        }

        var result = rows.Select(r => new StepDuration($"{r.DefinitionId}:{r.StepId}", r.DefinitionId, r.StepId, r.StepName, r.Completed, r.Median, r.Percentile90,
                $"step={Uri.EscapeDataString($"{r.DefinitionId}:{r.StepId}")}"))
            .OrderByDescending(r => r.Percentile90).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (format == "csv")
        {
            return CsvExport.File($"step-durations-{span.Name}.csv", ["流程", "环节", "办结", "中位数（工作日）", "90%分位（工作日）"],
                result.Select(r => (IReadOnlyList<string?>)[r.DefinitionId, r.StepName, CsvExport.Number(r.Completed), CsvExport.Number(r.Median), CsvExport.Number(r.Percentile90)]));
        }

        return TypedResults.Ok(result);
    }

    /// <summary>The smallest value with at least <paramref name="p"/> of the sorted values at or below it (percentile_disc).</summary>
    public static int NearestRank(IReadOnlyList<int> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
