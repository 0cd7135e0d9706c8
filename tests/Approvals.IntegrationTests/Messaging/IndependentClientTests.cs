using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Approvals.Testing;

namespace Approvals.IntegrationTests.Messaging;

/// <summary>
/// A department's own system, written from the README's wire conventions alone (clients/amqp-node: Node.js and
/// amqplib, no MassTransit), reads the task-assigned message of a project started on a server node over
/// PostgreSQL and real RabbitMQ. Node.js and npm are required: without them the test fails, it does not skip.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class IndependentClientTests
{
    private const string Queue = "approvals.department.330421.agriculture-rural";
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private const int WaitSeconds = 60;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_client_written_from_the_README_reads_the_task_assigned_message_from_the_departments_queue()
    {
        // The client's own folder, copied without node_modules, so the checkout stays as it is.
        using var folder = new TempDirectory();
        foreach (var file in new[] { "package.json", "package-lock.json", "read-department-queue.js" })
        {
            File.Copy(Repository.PathOf("clients", "amqp-node", file), folder.File(file));
        }

        await RequireToolAsync("node", folder.Path);
        await RequireToolAsync("npm", folder.Path);
        var install = await RunAsync(Start("npm", folder.Path, "ci", "--no-audit", "--no-fund"), NpmTimeout);
        Assert.True(install.ExitCode == 0, $"`npm ci` in a copy of clients/amqp-node failed ({install.ExitCode}):\n{install.Stdout}\n{install.Stderr}");

        await using var database = await PostgresTestDatabase.CreateAsync();
        var (node, api) = await ServerNode.StartAsync(database, TestServers.RabbitMq, Ct);
        await using (node)
        {
            var id = (await api.PostAsync("yaozhuang", "/api/projects", ServerNode.Project("独立客户端项目"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;

            // The client consumes before the project starts, so its message goes to it and to no other reader
            // of the same queue (other tests read these queues too); other projects' messages it leaves there.
            var read = Start("node", folder.Path, "read-department-queue.js");
            read.Environment["AMQP_URL"] = TestServers.RabbitMq.ToString();
            read.Environment["DEPARTMENT_QUEUE"] = Queue;
            read.Environment["PROJECT_ID"] = id;
            read.Environment["WAIT_SECONDS"] = WaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var client = new ChildProcess(read);
            await client.WaitForStderrAsync("consuming " + Queue, TimeSpan.FromSeconds(30));

            (await api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
            var select = (await api.GetAsync("yaozhuang", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
            (await api.PostAsync("yaozhuang", $"/api/tasks/{select}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);

            var outcome = await client.WaitForExitAsync(TimeSpan.FromSeconds(WaitSeconds + 30));
            Assert.True(outcome.ExitCode == 0, $"read-department-queue.js exited {outcome.ExitCode}:\n{outcome.Stdout}\n{outcome.Stderr}");
            var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var message = JsonDocument.Parse(Assert.Single(lines)).RootElement;
            var task = (await api.GetAsync("jx-nongye", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0];

            Assert.Equal("approvals.task-assigned.v1", message.GetProperty("type").GetString());
            Assert.Equal(id, message.GetProperty("projectId").GetString());
            Assert.Equal("独立客户端项目", message.GetProperty("projectName").GetString());
            Assert.Equal("confirm-sub-projects", message.GetProperty("stepId").GetString());
            Assert.Equal("department", message.GetProperty("addressee").GetProperty("kind").GetString());
            Assert.Equal("agriculture-rural", message.GetProperty("addressee").GetProperty("code").GetString());
            Assert.Equal("330421", message.GetProperty("addressee").GetProperty("jurisdiction").GetString());
            Assert.Equal($"/api/tasks/{task.GetProperty("taskId").GetString()}", message.GetProperty("taskLink").GetString());
            Assert.Equal("agriculture-rural", message.GetProperty("data").GetProperty("department").GetString());
            Assert.NotEqual(Guid.Empty, message.GetProperty("messageId").GetGuid());
        }
    }

    private static ProcessStartInfo Start(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["npm_config_update_notifier"] = "false";
        return start;
    }

    private static async Task RequireToolAsync(string tool, string directory)
    {
        var version = await RunAsync(Start(tool, directory, "--version"), TimeSpan.FromSeconds(60));
        Assert.True(version.ExitCode == 0, $"`{tool} --version` failed ({version.ExitCode}): {version.Stderr}");
    }

    private static async Task<ChildProcess.Outcome> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var child = new ChildProcess(start);
        return await child.WaitForExitAsync(timeout);
    }

    /// <summary>A process whose output is collected as it comes; killed (with its children) if it outlives the test.</summary>
    private sealed class ChildProcess : IDisposable
    {
        public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

        private readonly Process _process;
        private readonly string _name;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly Task _reading;

        public ChildProcess(ProcessStartInfo start)
        {
            _name = $"{start.FileName} {string.Join(' ', start.ArgumentList)}";
            try
            {
                _process = Process.Start(start) ?? throw new InvalidOperationException($"`{_name}` did not start.");
            }
            catch (Win32Exception ex)
            {
                throw new InvalidOperationException(
                    $"`{start.FileName}` was not found ({ex.Message}). This test needs Node.js 18+ and npm on the PATH; " +
                    "scripts/test.sh installs them with apt (packages nodejs, npm).", ex);
            }

            _reading = Task.WhenAll(Pump(_process.StandardOutput, _stdout), Pump(_process.StandardError, _stderr));
        }

        private static async Task Pump(StreamReader reader, StringBuilder into)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (into)
                {
                    into.Append(line).Append('\n');
                }
            }
        }

        private static string Text(StringBuilder builder)
        {
            lock (builder)
            {
                return builder.ToString();
            }
        }

        public async Task WaitForStderrAsync(string text, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (!Text(_stderr).Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || DateTime.UtcNow > until)
                {
                    await Task.Delay(200, Ct);
                    Assert.Fail($"`{_name}` did not say '{text}' within {timeout} (exited: {_process.HasExited}):\n{Text(_stdout)}\n{Text(_stderr)}");
                }

                await Task.Delay(50, Ct);
            }
        }

        public async Task<Outcome> WaitForExitAsync(TimeSpan timeout)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            limit.CancelAfter(timeout);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
                await _reading.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"`{_name}` did not exit within {timeout}:\n{Text(_stdout)}\n{Text(_stderr)}");
            }

            return new Outcome(_process.ExitCode, Text(_stdout), Text(_stderr));
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
