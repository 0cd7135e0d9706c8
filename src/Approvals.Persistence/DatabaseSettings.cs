using Microsoft.Data.Sqlite;
using Npgsql;

namespace Approvals.Persistence;

/// <summary>Resolved database settings: which provider, where, and whether to migrate when the service starts.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateAtStart = true)
{
    /// <summary>The connection string with any password replaced, for logs and error messages.</summary>
    public string DisplayConnectionString => ConnectionStrings.Redact(ConnectionString);

    /// <summary>Null when the provider's driver accepts the connection string; otherwise why not.</summary>
    public string? ValidateConnectionString()
    {
        try
        {
            _ = Provider switch
            {
                DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder(ConnectionString).ConnectionString,
                DatabaseProvider.PostgreSql => new NpgsqlConnectionStringBuilder(ConnectionString).ConnectionString,
                _ => throw new ArgumentOutOfRangeException(nameof(Provider), Provider, null),
            };
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    public static DatabaseSettings SqliteFile(string path, bool migrateAtStart = true) =>
        new(DatabaseProvider.Sqlite, $"Data Source={path};Foreign Keys=True;Pooling=True", migrateAtStart);
}
