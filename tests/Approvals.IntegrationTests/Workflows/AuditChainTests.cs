using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Scenarios;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>Every step is audited in a per-instance hash chain; tampering is found and the first broken record named.</summary>
public class AuditChainTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    private static async Task<DurableProcessDriver> FinishedJiaxingAsync(DatabaseProvider provider)
    {
        var driver = await DurableProcessDriver.CreateAsync(provider);
        var process = new Process(driver);
        await process.Start("jiaxing", Projects.Jiaxing());
        await process.Run();
        return driver;
    }

    private static Task<AuditVerification> VerifyAsync(DurableProcessDriver driver) =>
        driver.Node.InScopeAsync(sp => AuditVerifier.VerifyAsync(sp.GetRequiredService<ApprovalsDbContext>()));

    private static Task<int> ExecuteAsync(DurableProcessDriver driver, string sql) =>
        driver.Node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Database.ExecuteSqlRawAsync(sql));

    private static string Stream(DurableProcessDriver driver) => $"instance:{driver.InstanceId}";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_chain_of_a_finished_process_verifies(DatabaseProvider provider)
    {
        await using var driver = await FinishedJiaxingAsync(provider);

        var result = await VerifyAsync(driver);

        Assert.True(result.Intact, string.Join('\n', result.Breaks));
        Assert.Equal(1, result.Chains);
        Assert.True(result.Records > 45, $"only {result.Records} records for a whole Jiaxing process");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_edited_record_is_found_and_named(DatabaseProvider provider)
    {
        await using var driver = await FinishedJiaxingAsync(provider);
        await ExecuteAsync(driver, $"UPDATE audit_records SET reason = '改过的理由' WHERE stream = '{Stream(driver)}' AND sequence = 5");

        var problem = Assert.Single((await VerifyAsync(driver)).Breaks);

        Assert.Contains("(sequence 5,", problem, StringComparison.Ordinal);
        Assert.Contains("does not match its hash", problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_record_removed_from_the_middle_is_found(DatabaseProvider provider)
    {
        await using var driver = await FinishedJiaxingAsync(provider);
        await ExecuteAsync(driver, $"DELETE FROM audit_records WHERE stream = '{Stream(driver)}' AND sequence = 7");

        var problem = Assert.Single((await VerifyAsync(driver)).Breaks);

        Assert.Contains("has sequence 8 where 7 was expected", problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Records_removed_from_the_end_are_found(DatabaseProvider provider)
    {
        await using var driver = await FinishedJiaxingAsync(provider);
        await ExecuteAsync(driver, $"DELETE FROM audit_records WHERE stream = '{Stream(driver)}' AND sequence > 40");

        var problem = Assert.Single((await VerifyAsync(driver)).Breaks);

        Assert.Contains("the chain ends at sequence 40", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_verify_verb_passes_an_intact_database_and_names_a_tampered_record()
    {
        await using var driver = await FinishedJiaxingAsync(DatabaseProvider.Sqlite);
        var environment = new Dictionary<string, string>
        {
            ["Approvals__Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Approvals"] = driver.Settings.ConnectionString,
        };

        var intact = await ServerProcess.RunAsync(["audit", "verify"], environment, TimeSpan.FromSeconds(60));
        await ExecuteAsync(driver, $"UPDATE audit_records SET actor = 'someone-else' WHERE stream = '{Stream(driver)}' AND sequence = 12");
        var broken = await ServerProcess.RunAsync(["audit", "verify"], environment, TimeSpan.FromSeconds(60));

        Assert.Equal(0, intact.ExitCode);
        Assert.StartsWith("Audit intact:", intact.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"{Stream(driver)}: record #", broken.Stderr, StringComparison.Ordinal);
        Assert.Contains("(sequence 12, ", broken.Stderr, StringComparison.Ordinal);
    }
}
