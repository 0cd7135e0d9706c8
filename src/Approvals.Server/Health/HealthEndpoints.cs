using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Approvals.Server.Health;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// <c>/health/live</c>: the process answers (no checks). <c>/health/ready</c>: the database and the bus
    /// are usable; 503 with each check's reason otherwise. Degraded counts as not ready: a load balancer should
    /// not send clerks to a node that cannot reach its broker.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");

        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("Healthy", 0, [])))
            .WithName("Liveness")
            .WithSummary("Liveness: the process is up. Runs no checks.");

        group.MapGet("/ready", async (HealthCheckService health, CancellationToken cancellationToken) =>
            {
                var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
                var body = HealthResponse.From(report);
                return TypedResults.Json(body, statusCode: report.Status == HealthStatus.Healthy
                    ? StatusCodes.Status200OK
                    : StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Readiness")
            .WithSummary("Readiness: the database answers at the expected schema version and the message bus is connected.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);

        return app;
    }
}

/// <summary>What a health endpoint answers: the overall status and, per check, its status and reason.</summary>
public sealed record HealthResponse(string Status, double DurationMs, IReadOnlyList<HealthCheckEntry> Checks)
{
    public static HealthResponse From(HealthReport report) => new(
        report.Status.ToString(),
        Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        [.. report.Entries.Select(entry => new HealthCheckEntry(
            entry.Key,
            entry.Value.Status.ToString(),
            entry.Value.Description ?? entry.Value.Exception?.Message,
            Math.Round(entry.Value.Duration.TotalMilliseconds, 1)))]);
}

public sealed record HealthCheckEntry(string Name, string Status, string? Description, double DurationMs);
