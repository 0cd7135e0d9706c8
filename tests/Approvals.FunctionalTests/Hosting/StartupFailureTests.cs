using Approvals.Testing;

namespace Approvals.FunctionalTests.Hosting;

/// <summary>Bad configuration stops the process with one line a person can act on, and a non-zero exit.</summary>
public class StartupFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unknown_database_provider_exits_2_with_one_line_naming_the_setting()
    {
        using var data = new TempDirectory();
        var outcome = await ServerProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Approvals__DataDirectory"] = data.Path,
            ["Approvals__Database__Provider"] = "Oracle",
        }, Timeout);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            "approvals: configuration error: Approvals:Database:Provider is 'Oracle', which is not a supported database provider; use Sqlite or PostgreSQL.",
            line.Trim());
    }

    [Fact]
    public async Task An_unreachable_database_exits_3_with_one_line_and_no_stack_trace_or_password()
    {
        using var data = new TempDirectory();
        var outcome = await ServerProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Approvals__DataDirectory"] = data.Path,
            ["Approvals__Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Approvals"] = $"Host=127.0.0.1;Port={TestServers.ClosedPort()};Username=approvals;Password=TopSecret;Timeout=5",
        }, Timeout);

        Assert.Equal(3, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();
        Assert.StartsWith("approvals: Cannot connect to the PostgreSQL database (", line, StringComparison.Ordinal);
        Assert.Contains("Connection refused", line, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_exits_2_and_shows_the_usage()
    {
        var outcome = await ServerProcess.RunAsync(["db", "drop"], new Dictionary<string, string>(), Timeout);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("approvals: unknown command 'db drop'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("db migrate", outcome.Stderr, StringComparison.Ordinal);
    }
}
