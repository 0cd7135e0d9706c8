using System.Net;
using Approvals.FunctionalTests.Messaging;

namespace Approvals.FunctionalTests.Cases;

/// <summary>A filing (备案) stands unless the receiving office objects in its window: Jinhua's city reserve filing, over HTTP.</summary>
public sealed class FilingObjectionOverHttpTests : ApiTestHost
{
    private async Task<string> RegisterAsync(Dictionary<string, bool>? flags) =>
        (await Api.PostAsync("jh-nanma", "/api/projects", new
        {
            name = "东阳市南马镇土地综合整治项目", definitionId = "jinhua", townCode = "330783105", area = 1500m,
            villages = new[] { new { code = "330783105201", name = "南马村", electorate = 800, households = 300 } },
            subProjects = new[] { new { key = "sp-farmland", name = "高标准农田建设", department = "agriculture-rural" } },
            facts = flags is null ? null : new { flags },
        }, Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;

    [Fact]
    public async Task A_project_that_leaves_a_fact_its_process_reads_unsaid_is_refused_at_the_start_naming_each_and_stays_a_draft()
    {
        // 金华 routes by whether the project is on the approval list for investments and whether its farmland meets the
        // high-standard norm; that it is government-invested is assumed unless said otherwise.
        var projectId = await RegisterAsync(null);

        var refused = (await Api.PostAsync("jh-nanma", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        var project = (await Api.GetAsync("jh-nanma", $"/api/projects/{projectId}", Ct)).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(["facts.flags.investmentApprovalRequired", "facts.flags.meetsHighStandardFarmland"], refused.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal("draft", project.GetProperty("status").GetString());
        Assert.Equal(0, await InDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Instances, Ct)));
    }

    [Fact]
    public async Task The_city_objects_to_a_reserve_filing_with_a_reason_and_the_project_goes_back_to_planning()
    {
        var projectId = await RegisterAsync(new() { ["investmentApprovalRequired"] = false, ["meetsHighStandardFarmland"] = true });
        (await Api.PostAsync("jh-nanma", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.OK);
        await Api.DoAsync("jh-nanma", projectId, "project-planning", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("jh-ziranziyuan", projectId, "county-reserve-entry", "complete", new { outcome = "approve", opinion = "同意入库" }, Ct);

        // An objection needs its reason; a review's decision is not an objection.
        var filing = (await Api.GetAsync("jh-shi-ziranziyuan", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0];
        Assert.Equal("city-reserve-filing", filing.GetProperty("stepId").GetString());
        var reasonless = (await Api.PostAsync("jh-shi-ziranziyuan", $"/api/tasks/{filing.GetProperty("taskId").GetString()}/object", new { reason = " " }, Ct))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["reason"], reasonless.ErrorFields);

        var objected = await Api.DoAsync("jh-shi-ziranziyuan", projectId, "city-reserve-filing", "object", new { reason = "项目区范围与国土空间规划不符" }, Ct);

        Assert.Equal("completed", objected.GetProperty("status").GetString());
        Assert.Equal("return", objected.GetProperty("outcome").GetString());
        var back = (await Api.GetAsync("jh-nanma", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0];
        Assert.Equal("project-planning", back.GetProperty("stepId").GetString());

        // Objecting to something that is not a filing is refused, naming the reason field the engine judged.
        var review = (await Api.GetAsync("jh-nanma", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
        var notFiling = (await Api.PostAsync("jh-nanma", $"/api/tasks/{review}/object", new { reason = "试试" }, Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["reason"], notFiling.ErrorFields);

        var events = await InDbAsync(db => MessageContracts.AssertDocumentedAsync(db, projectId, "jinhua@2", Ct));
        Assert.Contains("filing-submitted", events);
        Assert.Contains("filing-objected", events);
    }
}
