using Approvals.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Approvals.Runtime.Definitions;

/// <summary>
/// Publishes the folder's definitions when the service starts. A database that is not there yet is waited
/// for (readiness says so meanwhile); a published version whose text changed stops the start, since running
/// instances depend on the text they began with.
/// </summary>
internal sealed class WorkflowPublisher(IServiceScopeFactory scopes, WorkflowSet workflows, TimeProvider time, ILogger<WorkflowPublisher> logger)
    : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);
    private volatile string? _pending = "not yet published";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryPublishAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_pending is not null && !stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Retry, time, stoppingToken);
            await TryPublishAsync(stoppingToken);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_pending is null
            ? HealthCheckResult.Healthy($"{workflows.Definitions.Count} definition versions published")
            : HealthCheckResult.Unhealthy($"definitions not published yet: {_pending}"));

    private async Task TryPublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var added = await scope.ServiceProvider.GetRequiredService<DefinitionRegistry>()
                .PublishAsync(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), workflows.Definitions, time.GetUtcNow(), cancellationToken);
            _pending = null;
            logger.LogInformation("Workflow definitions: {Count} loaded, newly published: {Added}",
                workflows.Definitions.Count, added.Count == 0 ? "none" : string.Join(", ", added));
        }
        catch (Exception ex) when (ex is not DefinitionImmutableException and not OperationCanceledException)
        {
            _pending = ex.InnerException?.Message ?? ex.Message;
            logger.LogWarning("Workflow definitions not published yet ({Reason}); retrying every {Seconds} s", _pending, Retry.TotalSeconds);
        }
    }
}
