using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Api;

/// <summary>
/// The hand-walk in <c>docs/jiaxing-project.http</c> really walks: every request it holds, sent in order
/// against the service (the REST Client subset it uses: variables, named requests, response JSON paths, $guid).
/// </summary>
public sealed partial class HttpFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record HttpRequestBlock(string Title, string? Name, string Method, string Url, List<(string Name, string Value)> Headers, string Body);

    [Fact]
    public async Task The_Jiaxing_walk_through_runs_from_registration_to_the_closed_batch()
    {
        var (variables, blocks) = Parse(await File.ReadAllTextAsync(Repository.PathOf("docs/jiaxing-project.http"), Ct));
        variables["base"] = "";
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();
        await ReadinessProbe.WaitAsync(client, System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var answers = new Dictionary<string, JsonElement>();

        foreach (var block in blocks)
        {
            using var request = new HttpRequestMessage(new HttpMethod(block.Method), Substitute(block.Url, variables, answers));
            foreach (var (name, value) in block.Headers.Where(h => !h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                request.Headers.TryAddWithoutValidation(name, Substitute(value, variables, answers));
            }

            if (block.Body.Length > 0)
            {
                // Multipart bodies are written with line ends the way the format wants them: CRLF.
                var contentType = block.Headers.FirstOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? "application/json";
                var body = Substitute(block.Body, variables, answers);
                request.Content = new StringContent(contentType.StartsWith("multipart/", StringComparison.Ordinal) ? body.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n" : body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using var response = await client.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"'{block.Title}' answered {(int)response.StatusCode}: {text}");
            if (block.Name is not null && text.Length > 0)
            {
                answers[block.Name] = JsonDocument.Parse(text).RootElement.Clone();
            }
        }

        Assert.True(blocks.Count > 50, $"only {blocks.Count} requests were found");
        var timeline = answers["timeline"].EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("batch.closed", timeline);
        Assert.Contains("instance.completed", timeline);
    }

    private static (Dictionary<string, string> Variables, List<HttpRequestBlock> Blocks) Parse(string file)
    {
        var parts = file.ReplaceLineEndings("\n").Split("\n###");
        var variables = parts[0].Split('\n').Select(l => VariableLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        var blocks = new List<HttpRequestBlock>();
        foreach (var part in parts.Skip(1))
        {
            var lines = part.Split('\n');
            var title = lines[0].Trim();
            string? name = null;
            var i = 1;
            for (; i < lines.Length && (lines[i].StartsWith('#') || lines[i].Trim().Length == 0); i++)
            {
                if (lines[i].StartsWith("# @name ", StringComparison.Ordinal))
                {
                    name = lines[i]["# @name ".Length..].Trim();
                }
            }

            var requestLine = lines[i++].Split(' ', 2);
            var headers = new List<(string, string)>();
            for (; i < lines.Length && lines[i].Trim().Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                headers.Add((lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
            }

            blocks.Add(new HttpRequestBlock(title, name, requestLine[0], requestLine[1].Trim(), headers, string.Join('\n', lines.Skip(i)).Trim()));
        }

        return (variables, blocks);
    }

    private static string Substitute(string text, Dictionary<string, string> variables, Dictionary<string, JsonElement> answers) =>
        Placeholder().Replace(text, m =>
        {
            var expression = m.Groups[1].Value.Trim();
            if (expression == "$guid")
            {
                return Guid.NewGuid().ToString();
            }

            if (variables.TryGetValue(expression, out var value))
            {
                return value;
            }

            // name.response.body.$.a.b[0].c
            var at = expression.IndexOf(".response.body.$.", StringComparison.Ordinal);
            Assert.True(at > 0, $"unknown placeholder {{{{{expression}}}}}");
            var element = answers[expression[..at]];
            foreach (Match step in PathStep().Matches(expression[(at + ".response.body.$.".Length)..]))
            {
                element = element.GetProperty(step.Groups[1].Value);
                if (step.Groups[2].Success)
                {
                    element = element[int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)];
                }
            }

            return element.ToString();
        });

    [GeneratedRegex(@"^@(\w+)\s*=\s*(.*)$")]
    private static partial Regex VariableLine();

    [GeneratedRegex(@"\{\{(.+?)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(\w+)(?:\[(\d+)\])?")]
    private static partial Regex PathStep();
}
