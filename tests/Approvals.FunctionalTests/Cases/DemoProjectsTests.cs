using System.Net;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Server.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Cases;

/// <summary>The embedded default's first start: demo projects at different stages, in the right people's inboxes.</summary>
public sealed class DemoProjectsTests() : ApiTestHost(new Dictionary<string, string?> { ["Approvals:DemoProjects"] = "true" })
{
    private async Task<List<string>> InboxStepsAsync(string user) =>
        [.. (await Api.GetAsync(user, "/api/inbox", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("stepId").GetString()!)];

    [Fact]
    public async Task A_new_user_finds_projects_waiting_in_several_inboxes_in_consent_in_acceptance_and_in_a_city_batch()
    {
        var projects = (await Api.GetAsync("yaozhuang", "/api/projects", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(5, projects.GetProperty("total").GetInt32());
        Assert.Single(projects.GetProperty("items").EnumerateArray(), p => p.GetProperty("status").GetString() == "draft");

        // Waiting in several inboxes: every county bureau with sub-projects has a confirmation to give.
        foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
        {
            Assert.Contains("confirm-sub-projects", await InboxStepsAsync(clerk));
        }

        // In acceptance: 农业农村 has signed off; 水利 and 交通运输 still have to.
        Assert.Contains("single-item-acceptance", await InboxStepsAsync("jx-shuili"));
        Assert.Contains("single-item-acceptance", await InboxStepsAsync("jx-jiaotong"));
        Assert.DoesNotContain("single-item-acceptance", await InboxStepsAsync("jx-nongye"));

        // In consent: the village committee's project waits for its vote.
        var villageProjects = (await Api.GetAsync("beihe", "/api/projects?status=started", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray().ToList();
        var consenting = villageProjects.Single(p => p.GetProperty("name").GetString()!.Contains("桃源片区", StringComparison.Ordinal));
        var view = (await Api.GetAsync("beihe", $"/api/projects/{consenting.GetProperty("id").GetString()}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Contains(view.GetProperty("process").GetProperty("waiting").EnumerateArray(),
            w => w.GetProperty("kind").GetString() == "Consent" && w.GetProperty("key").GetString() == "330421102201");

        // In a city batch: the city office's open batch holds a project accepted by the county.
        var batches = (await Api.GetAsync("jx-shi-bangongshi", "/api/batches", Ct)).Expect(HttpStatusCode.OK).Json;
        var batch = Assert.Single(batches.EnumerateArray());
        Assert.Equal(DemoProjects.BatchReference, batch.GetProperty("reference").GetString());
        Assert.Equal("open", batch.GetProperty("status").GetString());
        Assert.Single(batch.GetProperty("members").EnumerateArray());

        await using var scope = Factory.Services.CreateAsyncScope();
        var audit = await AuditVerifier.VerifyAsync(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), Ct);
        Assert.True(audit.Intact, string.Join('\n', audit.Breaks));
    }

    [Fact]
    public async Task The_demo_batch_can_be_closed_and_its_project_goes_on_to_the_handover_to_the_town()
    {
        var batch = (await Api.GetAsync("jx-shi-bangongshi", "/api/batches", Ct)).Expect(HttpStatusCode.OK).Json.EnumerateArray().Single();
        var closed = (await Api.PostAsync("jx-shi-bangongshi", $"/api/batches/{batch.GetProperty("id").GetString()}/close", new { approved = true }, Ct))
            .Expect(HttpStatusCode.OK).Json;

        var member = closed.GetProperty("members")[0];
        Assert.Equal("passed", member.GetProperty("decision").GetString());
        var town = (await Api.GetAsync("yaozhuang-zhengfu", $"/api/inbox?project={member.GetProperty("projectId").GetString()}", Ct)).Json.GetProperty("items");
        Assert.Equal("handover-for-maintenance", town[0].GetProperty("stepId").GetString());
    }
}
