using System.Text.Json.Nodes;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Cli;

/// <summary><c>workflows validate DIR</c> and <c>calendar due</c>, run as a person editing definitions would.</summary>
public class WorkflowVerbTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> NoSettings = [];

    [Fact]
    public async Task Workflows_validate_accepts_the_repository_definitions_with_a_line_each()
    {
        var definitions = Directory.GetFiles(Repository.PathOf("workflows", "definitions"), "*.json");

        var outcome = await ServerProcess.RunAsync(["workflows", "validate", Repository.PathOf("workflows")], NoSettings, Timeout);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(definitions.Length, lines.Count(l => l.StartsWith("ok  ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("ok  jiaxing v1  嘉兴市", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workflows_validate_rejects_a_broken_definition_naming_the_file_and_the_JSON_path()
    {
        using var folder = new TempDirectory();
        CopyDirectory(Repository.PathOf("workflows"), folder.Path);
        var file = Path.Combine(folder.Path, "definitions", "jiaxing.v1.json");
        var definition = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        definition["steps"]![2]!["assignee"]!["department"] = "police";
        definition["steps"]![2]!["timeLimit"] = "one month";
        await File.WriteAllTextAsync(file, definition.ToJsonString(), TestContext.Current.CancellationToken);

        var outcome = await ServerProcess.RunAsync(["workflows", "validate", folder.Path], NoSettings, Timeout);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("definitions/jiaxing.v1.json: $.steps[2].assignee.department: unknown department 'police'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("definitions/jiaxing.v1.json: $.steps[2].timeLimit: 'one month' is not a time limit in working days", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 error(s)", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ok  jiaxing v1", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_due_prints_the_due_date_and_how_it_was_counted()
    {
        var outcome = await ServerProcess.RunAsync(["calendar", "due", "--from", "2026-02-10", "--working-days", "20"], NoSettings, Timeout);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("due 2026-03-16 (星期一)", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("ends at 2026-03-17 00:00 China Standard Time", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("春节 2026-02-15–2026-02-23 (9 day(s) in this span)", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("(调休): 2026-02-14 (星期六), 2026-02-28 (星期六)", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PROVISIONAL", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_due_marks_a_deadline_in_a_year_without_data_as_provisional()
    {
        var outcome = await ServerProcess.RunAsync(["calendar", "due", "--from", "2026-12-20", "--working-days", "10"], NoSettings, Timeout);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("due 2027-01-01", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("PROVISIONAL: 2027 not in the calendar", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_due_without_a_valid_date_is_a_usage_error()
    {
        var outcome = await ServerProcess.RunAsync(["calendar", "due", "--from", "2026-02-30", "--working-days", "20"], NoSettings, Timeout);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("approvals: calendar due needs --from yyyy-MM-dd", outcome.Stderr, StringComparison.Ordinal);
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
