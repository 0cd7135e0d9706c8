using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Approvals.Testing;

/// <summary>An answer from the API: its status and its JSON body (null when there is none).</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement? Body, HttpResponseHeaders Headers)
{
    public JsonElement Json => Body ?? throw new InvalidOperationException($"The {(int)Status} answer had no JSON body.");

    /// <summary>The field names of a ValidationProblemDetails answer.</summary>
    public IReadOnlyList<string> ErrorFields =>
        Body is { } b && b.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];

    public ApiResponse Expect(HttpStatusCode status) =>
        Status == status ? this : throw new InvalidOperationException($"Expected {(int)status} but got {(int)Status}: {Body}");
}

/// <summary>
/// Talks to the API as the demo users: signs each in once for a bearer token, and sends every command with a
/// fresh Idempotency-Key unless the test gives one.
/// </summary>
public sealed class ApiSession(HttpClient client, string password)
{
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public HttpClient Client => client;

    /// <summary>Forgets the tokens, so each user signs in again (after a test moved the service's clock past them).</summary>
    public void ForgetTokens() => _tokens.Clear();

    public async Task<string> TokenAsync(string userName, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(userName, out var cached))
        {
            return cached;
        }

        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("accessToken").GetString()!;
        return _tokens[userName] = token;
    }

    public Task<ApiResponse> GetAsync(string? userName, string path, CancellationToken cancellationToken) =>
        SendAsync(userName, HttpMethod.Get, path, null, null, cancellationToken);

    /// <summary>A GET answered as it came (a PDF's bytes, a body's exact text); the caller disposes it.</summary>
    public async Task<HttpResponseMessage> GetRawAsync(string userName, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, cancellationToken));
        return await client.SendAsync(request, cancellationToken);
    }

    public Task<ApiResponse> PostAsync(string? userName, string path, object? body, CancellationToken cancellationToken, string? idempotencyKey = null) =>
        SendAsync(userName, HttpMethod.Post, path, body, idempotencyKey ?? Guid.NewGuid().ToString(), cancellationToken);

    public Task<ApiResponse> PutAsync(string? userName, string path, object? body, CancellationToken cancellationToken, string? idempotencyKey = null) =>
        SendAsync(userName, HttpMethod.Put, path, body, idempotencyKey ?? Guid.NewGuid().ToString(), cancellationToken);

    public async Task<ApiResponse> SendAsync(
        string? userName, HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (userName is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, cancellationToken));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        request.Content = content ?? (body is null ? null : JsonContent.Create(body));
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement? json = null;
        if (!string.IsNullOrWhiteSpace(text) && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
        {
            json = JsonDocument.Parse(text).RootElement.Clone();
        }

        return new ApiResponse(response.StatusCode, json, response.Headers);
    }
}
