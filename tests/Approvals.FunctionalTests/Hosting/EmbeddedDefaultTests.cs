using System.Net;
using System.Text.Json;
using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Hosting;

/// <summary>The service with no configuration at all: SQLite in its data directory, the in-memory bus.</summary>
public class EmbeddedDefaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_no_configuration_the_service_is_ready_on_sqlite_and_the_in_memory_bus()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();

        var ready = await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Check("database").GetProperty("status").GetString());
        Assert.Contains($"Sqlite reachable, schema version {MigrationCatalog.For(DatabaseProvider.Sqlite).Count}", ready.Check("database").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", ready.Check("bus").GetProperty("status").GetString());
        var versions = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows", "definitions"), "*.json").Length;
        Assert.Equal($"{versions} definition versions published", ready.Check("workflows").GetProperty("description").GetString());
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "approvals.db")), "the database file is created in the data directory");
    }

    [Fact]
    public async Task Liveness_answers_without_running_any_check()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/live", Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_health_endpoints()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement;

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Contains("土地综合整治", document.GetProperty("info").GetProperty("title").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/health/ready", out _), "readiness is documented");
        Assert.True(paths.TryGetProperty("/health/live", out _), "liveness is documented");
    }

    [Fact]
    public async Task The_browsable_API_page_loads_the_OpenAPI_document()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = true });

        var page = await client.GetStringAsync("/", Ct);
        var config = await client.GetStringAsync("/api-docs/index.js", Ct);

        Assert.Contains("swagger-ui", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/openapi/v1.json", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_gets_a_problem_details_404()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/no-such-thing", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
