using System.Text.Json;
using Approvals.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Api;

/// <summary>The OpenAPI document describes every API operation well enough for a department's developer to call it.</summary>
public sealed class OpenApiDocumentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Operations whose success has no JSON body: signing out, and files.
    private static readonly HashSet<string> NoJsonBody = ["post /api/auth/logout", "get /api/attachments/{id}/content", "post /api/auth/login", "get /api/documents/{documentId}/content"];

    private static async Task<JsonElement> DocumentAsync()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement.Clone();
    }

    private static IEnumerable<(string Name, JsonElement Operation)> ApiOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(o => ($"{o.Name} {p.Name}", o.Value)));

    [Fact]
    public async Task Every_API_route_the_service_answers_is_in_the_document()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement;
        var documented = ApiOperations(document).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

        // Route constraints ({id:guid}) and a group's trailing slash are not part of an OpenAPI path.
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{m.ToLowerInvariant()} {System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/')}"))
            .ToList();

        Assert.True(routes.Count >= 30, $"only {routes.Count} API routes found");
        var missing = routes.Where(r => !documented.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "not in the OpenAPI document:\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task Every_API_operation_has_a_name_a_summary_and_a_typed_success_answer()
    {
        var document = await DocumentAsync();
        var operations = ApiOperations(document).ToList();
        var problems = new List<string>();
        foreach (var (name, operation) in operations)
        {
            if (!operation.TryGetProperty("operationId", out _))
            {
                problems.Add($"{name}: no operationId");
            }

            if (!operation.TryGetProperty("summary", out var summary) || summary.GetString()!.Length < 20)
            {
                problems.Add($"{name}: no summary");
            }

            var success = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            if (success.Count == 0)
            {
                problems.Add($"{name}: no success answer");
            }
            else if (!NoJsonBody.Contains(name.Replace("{taskId}", "{id}").Replace("{attachmentId}", "{id}"))
                     && !success.Any(r => r.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out _)))
            {
                problems.Add($"{name}: its success answer has no JSON schema");
            }
        }

        Assert.True(operations.Count >= 30, $"only {operations.Count} API operations are documented");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Commands_document_their_Idempotency_Key_request_body_and_refusals()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        var commands = 0;
        foreach (var (name, operation) in ApiOperations(document).Where(o => !o.Name.StartsWith("get", StringComparison.Ordinal) && !o.Name.Contains("/api/auth/", StringComparison.Ordinal)))
        {
            commands++;
            var header = operation.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
            if (!header)
            {
                problems.Add($"{name}: no required Idempotency-Key header");
            }

            foreach (var status in new[] { "401", "403", "422" })
            {
                if (!operation.GetProperty("responses").TryGetProperty(status, out _))
                {
                    problems.Add($"{name}: {status} not documented");
                }
            }
        }

        // Every command but start/claim/release/read (which act on the resource alone) takes a body the document describes.
        foreach (var (name, operation) in ApiOperations(document).Where(o => o.Name.StartsWith("post", StringComparison.Ordinal) || o.Name.StartsWith("put", StringComparison.Ordinal)))
        {
            var bodiless = name.EndsWith("/start", StringComparison.Ordinal) || name.EndsWith("/claim", StringComparison.Ordinal)
                || name.EndsWith("/release", StringComparison.Ordinal) || name.EndsWith("/logout", StringComparison.Ordinal)
                || name.EndsWith("/read", StringComparison.Ordinal) || name.EndsWith("/read-all", StringComparison.Ordinal) || name.EndsWith("/replay", StringComparison.Ordinal);
            if (!bodiless && !operation.TryGetProperty("requestBody", out _))
            {
                problems.Add($"{name}: no request body described");
            }
        }

        Assert.True(commands >= 15, $"only {commands} commands are documented");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task The_task_decision_documents_its_request_and_answer_types()
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty("/api/tasks/{taskId}/complete").GetProperty("post");
        var request = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        var answer = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.Equal("#/components/schemas/CompleteInput", request);
        Assert.Equal("#/components/schemas/TaskDetail", answer);
        Assert.True(schemas.GetProperty("CompleteInput").GetProperty("properties").TryGetProperty("outcome", out _));
        Assert.True(schemas.GetProperty("TaskDetail").GetProperty("properties").TryGetProperty("currentSteps", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("409", out _), "409 is documented");
    }
}
