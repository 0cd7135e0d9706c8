using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Approvals.IntegrationTests.Persistence;

/// <summary>An empty database on either provider: a SQLite file in a temp folder, or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly TempDirectory? _folder;
    private readonly PostgresTestDatabase? _postgres;

    private TestDatabase(DatabaseSettings settings, TempDirectory? folder, PostgresTestDatabase? postgres)
    {
        Settings = settings;
        _folder = folder;
        _postgres = postgres;
    }

    public DatabaseSettings Settings { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = new TempDirectory();
            return new TestDatabase(DatabaseSettings.SqliteFile(folder.File("approvals.db")), folder, null);
        }

        var postgres = await PostgresTestDatabase.CreateAsync();
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.PostgreSql, postgres.ConnectionString), null, postgres);
    }

    public ApprovalsDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<ApprovalsDbContext>();
        options.UseApprovalsDatabase(Settings);
        return new ApprovalsDbContext(options.Options);
    }

    public SchemaMigrator CreateMigrator(ApprovalsDbContext context) =>
        new(context, Settings, NullLogger<SchemaMigrator>.Instance);

    public async Task<IReadOnlyList<string>> MigrateAsync()
    {
        await using var context = CreateContext();
        return await CreateMigrator(context).MigrateAsync();
    }

    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        await using var context = CreateContext();
        return await SchemaSnapshot.ReadAsync(Settings.Provider, context.Database.GetDbConnection());
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var context = CreateContext();
        await context.Database.ExecuteSqlRawAsync(sql);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _folder?.Dispose();
    }
}
