using System.Diagnostics;
using System.Text;

namespace Approvals.Testing;

/// <summary>The built server running as its own process on Kestrel, stopped (and its tree killed) on dispose.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static RunningServer Start(IDictionary<string, string> environment)
    {
        var port = TestServers.ClosedPort();
        var start = ServerProcess.StartInfo([], environment);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        return new RunningServer(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
