using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Hosting;

/// <summary>Two service nodes on one PostgreSQL share their signing keys: a token from one is good at the other.</summary>
public class SharedSignInTests
{
    [Fact]
    public async Task In_server_mode_there_are_no_demo_users_and_a_token_from_one_node_is_accepted_by_another()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PostgresTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Approvals:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Approvals"] = database.ConnectionString,
        };
        await using var nodeA = new ApprovalsWebFactory(settings);
        await using var nodeB = new ApprovalsWebFactory(settings);
        using var clientA = nodeA.CreateClient();
        using var clientB = nodeB.CreateClient();
        await ReadinessProbe.WaitAsync(clientA, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await ReadinessProbe.WaitAsync(clientB, HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        using var demo = await clientA.PostAsJsonAsync("/api/auth/token", new { userName = "jx-shuili", password = "approvals-demo" }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);

        // An operator's account, created the way an administrator would (there is no default one).
        await using (var scope = nodeA.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Approvals.Persistence.ApprovalsDbContext>();
            var hasher = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<Approvals.Persistence.Organisations.UserAccount>>();
            db.Organisations.Add(new() { Id = "330421", Kind = "county", Name = "嘉善县", Jurisdiction = "330421" });
            db.Organisations.Add(new() { Id = "330421/water-resources", Kind = "department", Name = "嘉善县水利局", ParentId = "330421", Jurisdiction = "330421", DepartmentCode = "water-resources" });
            var user = new Approvals.Persistence.Organisations.UserAccount
            {
                Id = Guid.NewGuid(), UserName = "wang.li", DisplayName = "王丽", OrganisationId = "330421/water-resources", Roles = "clerk", PasswordHash = "", CreatedAt = DateTimeOffset.UtcNow,
            };
            user.PasswordHash = hasher.HashPassword(user, "s3cret-pass");
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
        }

        using var token = await clientA.PostAsJsonAsync("/api/auth/token", new { userName = "wang.li", password = "s3cret-pass" }, ct);
        var accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("accessToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        using var onB = await clientB.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Contains("王丽", await onB.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
