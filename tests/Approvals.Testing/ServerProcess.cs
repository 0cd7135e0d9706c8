using System.Diagnostics;

namespace Approvals.Testing;

/// <summary>
/// Runs the built server as its own process, as an operator would (<c>dotnet Approvals.Server.dll …</c>), to
/// check what only a process shows: exit codes, what reaches stderr, the CLI verbs.
/// </summary>
public static class ServerProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(IEnumerable<string> args, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = StartInfo(args, environment);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server process did not exit within {timeout}: {await stdout}{await stderr}");
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    internal static ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Approvals.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child must see only what the test gives it, not this test run's own settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Approvals__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k == "ASPNETCORE_URLS").ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
