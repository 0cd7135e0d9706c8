namespace Approvals.Persistence.Migrations;

/// <summary>The few statements the migration runner needs that differ between providers.</summary>
internal sealed record MigrationDialect(
    string? Prepare,
    string? Lock,
    string HistoryTableExists,
    string CreateHistoryTable)
{
    // Two service nodes may start at once; each script runs under a lock so exactly one applies it.
    private const long AdvisoryLockKey = 0x4150_5052_4F56_414C; // "APPROVAL"

    public static MigrationDialect For(DatabaseProvider provider) => provider switch
    {
        // WAL lets readers work while a step commits; it can only be switched outside a transaction.
        // SQLite's writer lock comes from BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default transaction).
        DatabaseProvider.Sqlite => new(
            Prepare: "PRAGMA journal_mode=WAL;",
            Lock: null,
            HistoryTableExists: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            CreateHistoryTable: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
                )
                """),
        DatabaseProvider.PostgreSql => new(
            Prepare: null,
            Lock: $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})",
            HistoryTableExists: "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'",
            CreateHistoryTable: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer NOT NULL PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
