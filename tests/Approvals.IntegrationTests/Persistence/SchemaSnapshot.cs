using System.Data.Common;
using Approvals.Persistence;

namespace Approvals.IntegrationTests.Persistence;

/// <summary>
/// A provider's own description of a database's schema (tables, columns with type and nullability, keys,
/// indexes, constraints) as sorted lines, so that two databases can be compared line by line.
/// The migration history table is left out: the EF model does not describe it.
/// </summary>
public static class SchemaSnapshot
{
    public static async Task<IReadOnlyList<string>> ReadAsync(DatabaseProvider provider, DbConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        var lines = provider switch
        {
            DatabaseProvider.PostgreSql => await ReadPostgresAsync(connection),
            DatabaseProvider.Sqlite => await ReadSqliteAsync(connection),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Lines only in <paramref name="expected"/> (-) or only in <paramref name="actual"/> (+).</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
        [.. expected.Except(actual).Select(l => "- " + l), .. actual.Except(expected).Select(l => "+ " + l)];

    private static async Task<List<string>> ReadPostgresAsync(DbConnection connection)
    {
        var lines = await QueryAsync(connection, """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                   || coalesce('(' || character_maximum_length || ')', '')
                   || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE ' null' END
                   || CASE WHEN is_identity = 'YES' THEN ' identity ' || identity_generation ELSE '' END
                   || coalesce(' default ' || column_default, '')
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
            """);
        lines.AddRange(await QueryAsync(connection, """
            SELECT 'index ' || tablename || ' ' || indexdef
            FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'
            """));
        lines.AddRange(await QueryAsync(connection, """
            SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.connamespace = current_schema()::regnamespace AND c.conrelid::regclass::text <> 'schema_migrations'
            """));
        return lines;
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'");
        foreach (var table in tables)
        {
            lines.AddRange(await QueryAsync(connection, $"""
                SELECT 'column {table}.' || name || ' ' || upper(type) || CASE WHEN "notnull" THEN ' not null' ELSE ' null' END
                       || CASE WHEN pk > 0 THEN ' pk' || pk ELSE '' END || coalesce(' default ' || dflt_value, '')
                FROM pragma_table_info('{table}')
                """));
            lines.AddRange(await QueryAsync(connection, $"""
                SELECT 'index {table}.' || l.name || CASE WHEN l."unique" THEN ' unique' ELSE '' END || ' ' || l.origin
                       || ' (' || (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) || ')'
                FROM pragma_index_list('{table}') l
                """));
            lines.AddRange(await QueryAsync(connection, $"""
                SELECT 'foreign key {table}.' || "from" || ' -> ' || "table" || '.' || "to" || ' on delete ' || on_delete
                FROM pragma_foreign_key_list('{table}')
                """));
            lines.AddRange(await QueryAsync(connection, $"""
                SELECT 'autoincrement {table}' FROM sqlite_master WHERE name = '{table}' AND upper(sql) LIKE '%AUTOINCREMENT%'
                """));
        }

        return lines;
    }

    private static async Task<List<string>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
