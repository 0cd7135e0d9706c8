using System.Net;
using System.Text.Json;

namespace Approvals.Testing;

/// <summary>Polls <c>/health/ready</c> the way a load balancer would, and returns what it finally said.</summary>
public static class ReadinessProbe
{
    public sealed record Result(HttpStatusCode Status, JsonElement Body)
    {
        public JsonElement Check(string name) =>
            Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
    }

    public static async Task<Result> WaitAsync(HttpClient client, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Each request is bounded too: a probe that never answers is a failure to report, not a wait forever.
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(5, (deadline - DateTime.UtcNow).TotalSeconds + 5)));
            using var response = await client.GetAsync("/health/ready", limit.Token);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                return new Result(response.StatusCode, body);
            }

            await Task.Delay(200);
        }
    }
}
