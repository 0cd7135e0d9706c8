using System.Net;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Hosting;

/// <summary>The service as an operator starts it: a process on Kestrel, configured only by its environment.</summary>
public class ServiceProcessTests
{
    [Fact]
    public async Task The_process_listens_on_ASPNETCORE_URLS_is_ready_within_seconds_and_says_where_to_open_it()
    {
        using var data = new TempDirectory();
        await using var server = RunningServer.Start(new Dictionary<string, string> { ["Approvals__DataDirectory"] = data.Path });
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };

        // 90 s: alone it is ready in a few seconds, but the whole suite shares two cores with it.
        var ready = await WaitUntilAnswersAsync(client, server, TimeSpan.FromSeconds(90));
        var openApi = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        // The console logger writes on its own thread; give it a moment to flush the banner.
        var banner = $"Open {server.Address.ToString().TrimEnd('/')}/api-docs for the API";
        for (var i = 0; i < 50 && !server.Output.Contains(banner, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains(banner, server.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data.Path, "approvals.db")));
    }

    private static async Task<HttpResponseMessage> WaitUntilAnswersAsync(HttpClient client, RunningServer server, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(server.HasExited, "the server exited: " + server.Output);
            try
            {
                var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
