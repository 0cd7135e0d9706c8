using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>How long a step's tasks took, in working days: the median and the 90th percentile (nearest rank).</summary>
public sealed record StepDuration(string Key, string DefinitionId, string StepId, string StepName, int Completed, int Median, int Percentile90, string Drill);

/// <summary>
/// Working days per step over a period, for the tasks completed in it within the manager's jurisdiction, from the
/// step-duration histograms kept as tasks close (a few thousand rows for a province's year, not its half million
/// tasks). Percentiles take the nearest rank: the smallest value with at least p of the tasks at or below it.
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
        ClaimsPrincipal user, ApprovalsDbContext db, string? period, string? region, string? format, CancellationToken cancellationToken)
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

        // The manager's own jurisdiction's histogram (a county's, city's or province's rows), summed over the period's months.
        var (scope, months) = (Caller.Of(user)!.Jurisdiction, span!.Months);
        var histogram = counties.Count == 0 ? [] : await db.StepDurationTallies.AsNoTracking()
            .Where(t => t.Jurisdiction == scope && months.Contains(t.Month) && (region == null || t.DefinitionId == region))
            .GroupBy(t => new { t.DefinitionId, t.StepId, t.WorkingDays })
            .Select(g => new { g.Key.DefinitionId, g.Key.StepId, g.Key.WorkingDays, StepName = g.Max(t => t.StepName), Tasks = g.Sum(t => t.Tasks) })
            .ToListAsync(cancellationToken);
        var rows = histogram.GroupBy(h => (h.DefinitionId, h.StepId)).Select(g =>
        {
            var counts = g.OrderBy(h => h.WorkingDays).Select(h => (h.WorkingDays, h.Tasks)).ToList();
            return new Aggregate
            {
                DefinitionId = g.Key.DefinitionId, StepId = g.Key.StepId, StepName = g.Max(h => h.StepName)!, Completed = counts.Sum(c => c.Tasks),
                Median = NearestRank(counts, 0.5), Percentile90 = NearestRank(counts, 0.9),
            };
        }).ToList();

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

    /// <summary>
    /// The smallest value with at least <paramref name="p"/> of the values at or below it (percentile_disc), from a
    /// histogram of (value, how many) in ascending order.
    /// </summary>
    public static int NearestRank(IReadOnlyList<(int Value, int Count)> histogram, double p)
    {
        var rank = Math.Max(1, (int)Math.Ceiling(p * histogram.Sum(h => h.Count)));
        var seen = 0;
        foreach (var (value, count) in histogram)
        {
            seen += count;
            if (seen >= rank)
            {
                return value;
            }
        }

        return histogram[^1].Value;
    }
}
