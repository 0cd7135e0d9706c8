using System.Net;
using System.Text.Json.Nodes;
using Approvals.FunctionalTests.Cli;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Hosting;

/// <summary>The service runs only definitions that load, and never lets a published version change under running instances.</summary>
public class WorkflowStartupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static TempDirectory CopyOfWorkflows()
    {
        var folder = new TempDirectory();
        WorkflowVerbTests.CopyDirectory(Repository.PathOf("workflows"), folder.Path);
        return folder;
    }

    private static async Task EditJiaxingAsync(string workflows, Action<JsonNode> edit)
    {
        var file = Path.Combine(workflows, "definitions", "jiaxing.v1.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        edit(json);
        await File.WriteAllTextAsync(file, json.ToJsonString(), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_definition_that_does_not_load_stops_the_start_with_exit_5_naming_file_and_path()
    {
        using var data = new TempDirectory();
        using var workflows = CopyOfWorkflows();
        await EditJiaxingAsync(workflows.Path, j => j["steps"]![0]!["assignee"] = new JsonObject { ["department"] = "police", ["level"] = "county" });

        var outcome = await ServerProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Approvals__DataDirectory"] = data.Path,
            ["Approvals__WorkflowsDirectory"] = workflows.Path,
        }, Timeout);

        Assert.Equal(5, outcome.ExitCode);
        Assert.Contains("do not load (1 error(s))", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("definitions/jiaxing.v1.json: $.steps[0].assignee.department: unknown department 'police'", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_published_version_stops_the_next_start_with_exit_5()
    {
        using var data = new TempDirectory();
        using var workflows = CopyOfWorkflows();
        var environment = new Dictionary<string, string>
        {
            ["Approvals__DataDirectory"] = data.Path,
            ["Approvals__WorkflowsDirectory"] = workflows.Path,
        };

        await using (var first = RunningServer.Start(environment))
        {
            using var client = new HttpClient { BaseAddress = first.Address };
            var ready = HttpStatusCode.ServiceUnavailable;
            for (var i = 0; i < 300 && ready != HttpStatusCode.OK; i++)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
                try
                {
                    ready = (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
            }

            Assert.Equal(HttpStatusCode.OK, ready);
        }

        await EditJiaxingAsync(workflows.Path, j => j["steps"]![2]!["timeLimit"] = "15 working days");
        var second = await ServerProcess.RunAsync([], environment, Timeout);

        Assert.Equal(5, second.ExitCode);
        Assert.Contains("jiaxing version 1 is published with other content; publish the change as version 2", second.Stderr, StringComparison.Ordinal);
    }
}
