using Approvals.IntegrationTests.Persistence;
using Approvals.Persistence;
using Approvals.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Approvals.IntegrationTests.Messaging;

/// <summary>On PostgreSQL several nodes relay the outbox at once: a row is claimed by one of them at a time, and a dead node's claims run out.</summary>
public sealed class OutboxClaimTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Four_nodes_claiming_at_once_never_hold_the_same_row_and_together_hold_every_due_row()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await database.MigrateAsync();
        var now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8));
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < 400; i++)
            {
                db.OutboxMessages.Add(new OutboxMessage
                {
                    Id = Guid.CreateVersion7(), MessageType = "approvals.task-assigned.v1", Body = "{}", CreatedAt = now, AvailableAt = i < 300 ? now : now.AddMinutes(5),
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        async Task<List<Guid>> NodeAsync(string node)
        {
            var held = new List<Guid>();
            await using var db = database.CreateContext();
            for (var round = 0; round < 10; round++)
            {
                held.AddRange(await new LeaseClaims(db, database.Settings, new WriteGate(database.Settings)).ClaimAsync(LeasedTable.OutboxMessages, node, now, TimeSpan.FromMinutes(1), 25, Ct));
            }

            return held;
        }

        var claims = await Task.WhenAll(NodeAsync("a"), NodeAsync("b"), NodeAsync("c"), NodeAsync("d"));
        var all = claims.SelectMany(c => c).ToList();

        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct().Count());

        // Leases run out: a minute later another node may take what a silent node held; rows not yet due stay put.
        await using var later = database.CreateContext();
        var retaken = await new LeaseClaims(later, database.Settings, new WriteGate(database.Settings)).ClaimAsync(LeasedTable.OutboxMessages, "e", now.AddMinutes(2), TimeSpan.FromMinutes(1), 1000, Ct);
        Assert.Equal(300, retaken.Count);
        Assert.Equal(100, await later.OutboxMessages.CountAsync(m => m.LeaseOwner == null, Ct));
    }
}
