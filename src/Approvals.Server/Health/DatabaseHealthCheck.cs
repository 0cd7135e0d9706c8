using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Approvals.Server.Health;

/// <summary>Ready when the database answers and its schema is at the version this build expects.</summary>
internal sealed class DatabaseHealthCheck(SchemaMigrator migrator, DatabaseSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var provider = settings.Provider.ToConfigName();
        try
        {
            var status = await migrator.GetStatusAsync(cancellationToken);
            return status.IsCurrent
                ? HealthCheckResult.Healthy($"{provider} reachable, schema version {status.DatabaseVersion}")
                : HealthCheckResult.Unhealthy(
                    $"{provider} reachable, but schema version {status.DatabaseVersion} is behind this build's {status.BuildVersion}; pending: {string.Join(", ", status.Pending)}");
        }
        catch (DatabaseUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
