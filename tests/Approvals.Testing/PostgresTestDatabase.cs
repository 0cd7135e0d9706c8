using Npgsql;

namespace Approvals.Testing;

/// <summary>An empty database of its own on the test PostgreSQL server, dropped afterwards.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = Reserve();
        await database.CreateOnServerAsync();
        return database;
    }

    /// <summary>A name and connection string, the database not created yet: for a host configured before a test's async setup.</summary>
    public static PostgresTestDatabase Reserve()
    {
        var name = $"approvals_test_{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(TestServers.PostgresAdmin) { Database = name };
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    public async Task CreateOnServerAsync()
    {
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdmin);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
