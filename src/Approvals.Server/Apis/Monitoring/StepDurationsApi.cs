using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Server.Access;
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

    private static async Task<IResult> DurationsAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, string? period, string? region, string? format, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(user);
        if (await MonitoringScope.CountiesAsync(db, caller, cancellationToken) is not { } counties)
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
        var (scope, months) = (caller!.Jurisdiction, span!.Months);
        var histogram = counties.Count == 0 ? [] : await db.StepDurationTallies.AsNoTracking()
            .Where(t => t.Jurisdiction == scope && months.Contains(t.Month) && (region == null || t.DefinitionId == region))
            .GroupBy(t => new { t.DefinitionId, t.StepId, t.WorkingDays })
            .Select(g => new { g.Key.DefinitionId, g.Key.StepId, g.Key.WorkingDays, StepName = g.Max(t => t.StepName), Tasks = g.Sum(t => t.Tasks) })
            .ToListAsync(cancellationToken);
        var result = histogram.GroupBy(h => (h.DefinitionId, h.StepId)).Select(g =>
            {
                var counts = g.OrderBy(h => h.WorkingDays).Select(h => (h.WorkingDays, h.Tasks)).ToList();
                var key = $"{g.Key.DefinitionId}:{g.Key.StepId}";
                return new StepDuration(key, g.Key.DefinitionId, g.Key.StepId, g.Max(h => h.StepName)!, counts.Sum(c => c.Tasks),
                    NearestRank(counts, 0.5), NearestRank(counts, 0.9), $"step={Uri.EscapeDataString(key)}");
            })
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
