using System.Diagnostics;
using Approvals.Testing;

namespace Approvals.IntegrationTests.Deployment;

/// <summary>No Docker engine runs here; docker-compose still parses and validates the file.</summary>
public class ComposeFileTests
{
    [Fact]
    public async Task The_compose_file_is_valid_and_runs_two_nodes_behind_a_proxy_on_postgresql_and_rabbitmq()
    {
        var compose = Repository.PathOf("docker", "compose.yaml");
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-f", compose, "config" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"docker-compose config failed: {errors}");
        foreach (var service in new[] { "postgres:", "rabbitmq:", "approvals-1:", "approvals-2:", "proxy:" })
        {
            Assert.Contains("  " + service, output, StringComparison.Ordinal);
        }

        Assert.Contains("Approvals__Database__Provider: PostgreSQL", output, StringComparison.Ordinal);
        Assert.Contains("Approvals__Bus__Transport: RabbitMQ", output, StringComparison.Ordinal);
    }
}
