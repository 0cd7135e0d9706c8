namespace Approvals.Persistence;

/// <summary>The databases the service runs on. SQLite is the embedded default; PostgreSQL the server database.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public static class DatabaseProviderNames
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    public static string ToConfigName(this DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => Sqlite,
        DatabaseProvider.PostgreSql => PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Case-insensitive; accepts the common aliases people type.</summary>
    public static bool TryParse(string? value, out DatabaseProvider provider)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "sqlite":
                provider = DatabaseProvider.Sqlite;
                return true;
            case "postgresql" or "postgres" or "npgsql":
                provider = DatabaseProvider.PostgreSql;
                return true;
            default:
                provider = default;
                return false;
        }
    }
}
