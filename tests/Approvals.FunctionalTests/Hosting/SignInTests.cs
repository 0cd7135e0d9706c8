using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Persistence;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Hosting;

/// <summary>Signing in on the embedded default, with its demo users: bearer tokens for API clients, cookies for pages.</summary>
public class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Fact]
    public async Task A_demo_clerk_gets_a_bearer_token_and_is_known_by_it()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();

        using var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = "jx-shuili", password = DemoData.Password }, Ct);
        var accessToken = (await JsonAsync(token)).GetProperty("accessToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        using var me = await client.SendAsync(request, Ct);
        var body = await JsonAsync(me);

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("330421/water-resources", body.GetProperty("organisationId").GetString());
        Assert.Equal("嘉善县水利局", body.GetProperty("organisationName").GetString());
        Assert.Equal("water-resources", body.GetProperty("department").GetString());
        Assert.Equal("330421", body.GetProperty("jurisdiction").GetString());
        Assert.Equal(["clerk"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_page_user_signs_in_with_a_cookie_and_out_again()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient(new() { HandleCookies = true });

        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "beihe", password = DemoData.Password }, Ct);
        using var me = await client.GetAsync("/api/me", Ct);
        var body = await JsonAsync(me);
        using var logout = await client.PostAsync("/api/auth/logout", null, Ct);
        using var after = await client.GetAsync("/api/me", Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("approvals.auth=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("330421102201/village-committee", body.GetProperty("organisationId").GetString());
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Without_signing_in_the_api_answers_401_not_a_redirect()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var me = await client.GetAsync("/api/me", Ct);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token") } };
        using var withForgedToken = await client.SendAsync(forged, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withForgedToken.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();

        using var wrong = await client.PostAsJsonAsync("/api/auth/token", new { userName = "jx-shuili", password = "guess" }, Ct);
        using var unknown = await client.PostAsJsonAsync("/api/auth/token", new { userName = "nobody", password = "guess" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await JsonAsync(wrong)).GetProperty("detail").GetString(), (await JsonAsync(unknown)).GetProperty("detail").GetString());
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_fields_are_a_400_naming_each_field()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = " " }, Ct);
        var errors = (await JsonAsync(response)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Passwords_are_stored_hashed_and_every_kind_of_user_has_a_demo_account()
    {
        await using var factory = new ApprovalsWebFactory();
        using var client = factory.CreateClient();
        await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var users = await db.Users.AsNoTracking().ToListAsync(Ct);
        var kinds = await db.Organisations.AsNoTracking().Where(o => users.Select(u => u.OrganisationId).Contains(o.Id)).Select(o => o.Kind).Distinct().ToListAsync(Ct);

        Assert.Equal(DemoData.Users.Length, users.Count);
        Assert.All(users, u => Assert.DoesNotContain(DemoData.Password, u.PasswordHash, StringComparison.Ordinal));
        Assert.Equal(["collective-economic-organisation", "department", "implementing-entity", "village-committee"], kinds.Order(StringComparer.Ordinal));
        Assert.Contains(users, u => u.Roles.Contains("manager", StringComparison.Ordinal));
    }
}
