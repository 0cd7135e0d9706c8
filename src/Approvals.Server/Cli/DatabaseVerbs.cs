using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Migrations;

namespace Approvals.Server.Cli;

internal static class DatabaseVerbs
{
    public static async Task<int> MigrateAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
        var applied = await migrator.MigrateAsync(cancellationToken);
        var status = await migrator.GetStatusAsync(cancellationToken);
        output.WriteLine(applied.Count == 0
            ? $"{settings.Provider.ToConfigName()} database is up to date at schema version {status.DatabaseVersion}."
            : $"Applied {applied.Count} migration(s) to the {settings.Provider.ToConfigName()} database: {string.Join(", ", applied)}. Schema version {status.DatabaseVersion}.");
        return 0;
    }

    public static async Task<int> StatusAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var status = await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().GetStatusAsync(cancellationToken);
        output.WriteLine($"{settings.Provider.ToConfigName()} ({settings.DisplayConnectionString}): schema version {status.DatabaseVersion} of {status.BuildVersion}" +
            (status.IsCurrent ? ", up to date." : $"; pending: {string.Join(", ", status.Pending)}."));
        return status.IsCurrent ? 0 : 1;
    }

    public static async Task<int> VerifyAuditAsync(IServiceProvider services, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await AuditVerifier.VerifyAsync(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), cancellationToken);
        foreach (var problem in result.Breaks)
        {
            errors.WriteLine(problem);
        }

        output.WriteLine(result.Intact
            ? $"Audit intact: {result.Records} records in {result.Chains} chains."
            : $"Audit BROKEN: {result.Breaks.Count} chain(s) of {result.Chains} fail verification ({result.Records} records read).");
        return result.Intact ? 0 : 1;
    }
}
