using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Cli;

/// <summary><c>Approvals.Server db migrate</c> and <c>db status</c>, run as an operator would.</summary>
public class DatabaseVerbTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Db_status_reports_pending_migrations_then_db_migrate_applies_them_once()
    {
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string> { ["Approvals__DataDirectory"] = data.Path };

        var scripts = MigrationCatalog.For(DatabaseProvider.Sqlite).Select(m => m.Id).ToList();
        var latest = scripts.Count;
        var before = await ServerProcess.RunAsync(["db", "status"], environment, Timeout);
        var first = await ServerProcess.RunAsync(["db", "migrate"], environment, Timeout);
        var second = await ServerProcess.RunAsync(["db", "migrate"], environment, Timeout);
        var after = await ServerProcess.RunAsync(["db", "status"], environment, Timeout);

        Assert.Equal(1, before.ExitCode);
        Assert.Contains($"schema version 0 of {latest}; pending: {string.Join(", ", scripts)}.", before.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"Applied {latest} migration(s) to the Sqlite database: {string.Join(", ", scripts)}. Schema version {latest}.", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"Sqlite database is up to date at schema version {latest}.", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains($"schema version {latest} of {latest}, up to date.", after.Stdout, StringComparison.Ordinal);
    }
}
