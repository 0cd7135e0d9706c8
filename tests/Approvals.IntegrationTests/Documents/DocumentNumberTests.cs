using Approvals.IntegrationTests.Persistence;
using Approvals.Persistence;
using Approvals.Persistence.Documents;
using Microsoft.EntityFrameworkCore;

namespace Approvals.IntegrationTests.Documents;

/// <summary>Document numbers per issuer and year stay unique and gap-free when many letters are issued at once, some of them failing.</summary>
public sealed class DocumentNumberTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Letters_issued_in_parallel_are_numbered_one_to_n_and_a_rolled_back_letter_leaves_no_gap(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var gate = new SemaphoreSlim(1, 1);

        async Task<int?> IssueAsync(int attempt)
        {
            // SQLite has one writer: the service queues its writers through its gate; PostgreSQL's row lock does the queueing.
            if (provider == DatabaseProvider.Sqlite)
            {
                await gate.WaitAsync(Ct);
            }

            try
            {
                await using var db = database.CreateContext();
                await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                var serial = await DocumentNumbers.NextAsync(db, "330421/agriculture-rural", 2026, Ct);
                if (attempt % 5 == 0)
                {
                    await transaction.RollbackAsync(Ct);
                    return null;
                }

                db.IssuedDocuments.Add(new IssuedDocument
                {
                    Id = Guid.CreateVersion7(), LetterRequestId = Guid.NewGuid(), Document = "department-confirmation-letter", IssuerId = "330421/agriculture-rural",
                    Year = 2026, Serial = serial, Number = DocumentNumbers.Format("嘉善县农业农村局", 2026, serial), Title = "确认书", ProjectId = "p",
                    InstanceId = Guid.NewGuid(), Content = [1], Sha256 = new string('a', 64), Size = 1, IssuedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync(Ct);
                await transaction.CommitAsync(Ct);
                return serial;
            }
            finally
            {
                if (provider == DatabaseProvider.Sqlite)
                {
                    gate.Release();
                }
            }
        }

        var issued = (await Task.WhenAll(Enumerable.Range(1, 60).Select(i => Task.Run(() => IssueAsync(i), Ct)))).OfType<int>().Order().ToList();

        Assert.Equal(48, issued.Count);
        Assert.Equal(Enumerable.Range(1, 48), issued);
        await using var check = database.CreateContext();
        Assert.Equal("嘉善县农业农村局〔2026〕7号", await check.IssuedDocuments.Where(d => d.Serial == 7).Select(d => d.Number).SingleAsync(Ct));
        Assert.Equal(49, await check.DocumentCounters.Where(c => c.IssuerId == "330421/agriculture-rural" && c.Year == 2026).Select(c => c.NextSerial).SingleAsync(Ct));
    }
}
