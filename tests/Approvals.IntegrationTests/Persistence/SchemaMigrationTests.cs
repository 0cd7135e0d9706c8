using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Migrations;
using Approvals.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Approvals.IntegrationTests.Persistence;

public class SchemaMigrationTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrations_apply_to_an_empty_database_and_a_second_run_applies_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var expected = MigrationCatalog.For(provider).Select(s => s.Id).ToList();

        var first = await database.MigrateAsync();
        var second = await database.MigrateAsync();

        Assert.Equal(expected, first);
        Assert.Empty(second);
        await using var context = database.CreateContext();
        var status = await database.CreateMigrator(context).GetStatusAsync(TestContext.Current.CancellationToken);
        Assert.True(status.IsCurrent);
        Assert.Equal(expected.Count, status.DatabaseVersion);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_migrated_schema_is_exactly_what_the_EF_model_expects(DatabaseProvider provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var fromModel = await TestDatabase.CreateAsync(provider);
        await migrated.MigrateAsync();
        await using (var context = fromModel.CreateContext())
        {
            await fromModel.ExecuteAsync(context.Database.GenerateCreateScript());
        }

        var expected = await fromModel.SnapshotAsync();
        var actual = await migrated.SnapshotAsync();

        Assert.NotEmpty(expected);
        var differences = SchemaSnapshot.Differences(expected, actual);
        Assert.True(differences.Count == 0,
            $"The {provider} migrations and the EF model disagree (- model only, + migrations only):\n{string.Join('\n', differences)}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_drift_check_notices_a_column_the_model_does_not_have(DatabaseProvider provider)
    {
        // Proves the comparison above can fail: one extra column must show up as a difference.
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await migrated.MigrateAsync();
        var before = await migrated.SnapshotAsync();

        await migrated.ExecuteAsync("ALTER TABLE outbox_messages ADD COLUMN priority integer NULL");
        var after = await migrated.SnapshotAsync();

        var difference = Assert.Single(SchemaSnapshot.Differences(before, after));
        Assert.StartsWith("+ column outbox_messages.priority", difference, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_model_reads_and_writes_the_migrated_tables(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var createdAt = new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.FromHours(8));

        await using (var context = database.CreateContext())
        {
            context.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.NewGuid(), MessageType = "approvals.probe.v1", Body = "{\"项目\":\"嘉兴\"}",
                CreatedAt = createdAt, AvailableAt = createdAt.AddMinutes(1),
            });
            context.AuditRecords.Add(new AuditRecord
            {
                Stream = "database", Sequence = 1, OccurredAt = createdAt, Actor = "system", Action = "schema.migrated", Subject = "database",
                Details = "{}", PreviousHash = new string('0', 64), Hash = new string('a', 64),
            });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using (var context = database.CreateContext())
        {
            var due = await context.OutboxMessages
                .Where(m => m.SentAt == null && m.AvailableAt <= createdAt.AddMinutes(5))
                .OrderBy(m => m.AvailableAt)
                .ToListAsync(TestContext.Current.CancellationToken);
            var message = Assert.Single(due);
            Assert.Equal("{\"项目\":\"嘉兴\"}", message.Body);
            Assert.Equal(createdAt.UtcDateTime, message.CreatedAt.UtcDateTime);
            var audit = await context.AuditRecords.SingleAsync(TestContext.Current.CancellationToken);
            Assert.True(audit.Id > 0);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_migration_edited_after_it_was_applied_stops_the_migrator(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await database.ExecuteAsync("UPDATE schema_migrations SET checksum = 'feedfacefeedfacefeedface' WHERE version = 1");

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(database.MigrateAsync);

        Assert.Contains("Migration 0001_foundation was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Nodes_starting_together_apply_each_migration_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(database.MigrateAsync)));

        // Each script runs under the lock on its own, so the nodes may share the work; together they apply each once.
        var applied = results.SelectMany(r => r).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(MigrationCatalog.For(provider).Select(s => s.Id), applied);
    }
}
