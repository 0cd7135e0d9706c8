using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Approvals.Persistence.Migrations;

/// <summary>
/// Applies the provider's SQL scripts that the database has not seen yet, each in its own transaction
/// together with its row in <c>schema_migrations</c>, under a lock so that concurrent starters apply it once.
/// Refuses to run when an applied script has since been edited.
/// </summary>
public sealed class SchemaMigrator(ApprovalsDbContext db, DatabaseSettings settings, ILogger<SchemaMigrator> logger)
{
    private readonly IReadOnlyList<MigrationScript> _scripts = MigrationCatalog.For(settings.Provider);
    private readonly MigrationDialect _dialect = MigrationDialect.For(settings.Provider);

    public async Task<SchemaStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var applied = await ReadAppliedAsync(connection, null, cancellationToken);
            return new SchemaStatus(applied.Keys.DefaultIfEmpty(0).Max(), _scripts.Count,
                _scripts.Where(s => !applied.ContainsKey(s.Version)).Select(s => s.Id).ToList());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            if (_dialect.Prepare is not null)
            {
                await ExecuteAsync(connection, null, _dialect.Prepare, cancellationToken);
            }

            var appliedNow = new List<string>();
            foreach (var script in _scripts)
            {
                if (await ApplyIfPendingAsync(connection, script, cancellationToken))
                {
                    appliedNow.Add(script.Id);
                    logger.LogInformation("Applied migration {Migration} to the {Provider} database", script.Id, settings.Provider.ToConfigName());
                }
            }

            return appliedNow;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<bool> ApplyIfPendingAsync(DbConnection connection, MigrationScript script, CancellationToken cancellationToken)
    {
        // Read committed (PostgreSQL's default): after waiting for the lock, the next statement must see the
        // history row the lock holder committed. Under serializable the snapshot would predate the wait.
        // On SQLite the transaction itself is the writer lock (BEGIN IMMEDIATE).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_dialect.Lock is not null)
        {
            await ExecuteAsync(connection, transaction, _dialect.Lock, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, _dialect.CreateHistoryTable, cancellationToken);
        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
        VerifyUnchanged(applied);
        if (applied.ContainsKey(script.Version))
        {
            return false;
        }

        try
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
        }
        catch (DbException ex)
        {
            throw new SchemaMigrationException($"Migration {script.Id} failed on the {settings.Provider.ToConfigName()} database: {ex.Message}", ex);
        }

        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)";
            AddParameter(record, "@version", script.Version);
            AddParameter(record, "@name", script.Name);
            AddParameter(record, "@checksum", script.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private void VerifyUnchanged(IReadOnlyDictionary<int, string> applied)
    {
        foreach (var script in _scripts)
        {
            if (applied.TryGetValue(script.Version, out var checksum) && checksum != script.Checksum)
            {
                throw new SchemaMigrationException(
                    $"Migration {script.Id} was changed after it was applied to this database (checksum {checksum[..12]}… in the database, {script.Checksum[..12]}… in this build). Add a new migration instead of editing an applied one.");
            }
        }

        var newest = applied.Keys.DefaultIfEmpty(0).Max();
        if (newest > _scripts.Count)
        {
            // A newer node has migrated ahead of this one (rolling upgrade). Scripts only add, so carry on.
            logger.LogWarning("The database is at schema version {Database}, newer than this build's {Build}", newest, _scripts.Count);
        }
    }

    private async Task<Dictionary<int, string>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using (var exists = connection.CreateCommand())
        {
            exists.Transaction = transaction;
            exists.CommandText = _dialect.HistoryTableExists;
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return applied;
            }
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version, checksum FROM schema_migrations";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        }

        return applied;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return db.Database.GetDbConnection();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            throw new DatabaseUnavailableException(settings, ex);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>Where a database stands against this build's scripts.</summary>
public sealed record SchemaStatus(int DatabaseVersion, int BuildVersion, IReadOnlyList<string> Pending)
{
    public bool IsCurrent => Pending.Count == 0;
}
