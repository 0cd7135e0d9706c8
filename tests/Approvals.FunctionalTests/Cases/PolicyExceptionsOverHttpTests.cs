using System.Net;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Cases;

/// <summary>
/// 原则上 over HTTP (Shaoxing 三（一）): new permanent farmland short of 5% of the adjusted area blocks the plan; the entity
/// asks for an exception, the county's leading group decides it from its inbox; strict limits answer 422.
/// </summary>
public sealed class PolicyExceptionsOverHttpTests : ApiTestHost
{
    private async Task<string> BlockedShaoxingProjectAsync()
    {
        var projectId = (await Api.PostAsync("sx-fengqiao", "/api/projects", new
        {
            name = "诸暨市枫桥镇跨乡镇土地综合整治试点片区", definitionId = "shaoxing", townCode = "330681104", area = 8600m,
            villages = new[] { new { code = "330681104201", name = "枫桥村", electorate = 900, households = 320 } },
            subProjects = new[] { new { key = "sp-farmland", name = "“百千万”永久基本农田集中连片整治", department = "agriculture-rural" } },
            facts = new
            {
                numbers = new Dictionary<string, decimal>
                {
                    ["contiguousFarmlandProjectCount"] = 1m, ["contiguousFarmlandWorksArea"] = 100m, ["contiguousFarmlandProjectArea"] = 1000m,
                    ["constructionLandBefore"] = 500m, ["constructionLandAfter"] = 480m, ["permanentFarmlandAdjusted"] = 20m, ["permanentFarmlandAdded"] = 0.5m,
                    ["newConstructionLand"] = 30m,
                },
                flags = new Dictionary<string, bool>
                {
                    ["crossesTowns"] = true, ["involvesDemolition"] = false, ["crossTownPilot"] = true, ["involvesCulturalHeritage"] = false, ["inCentralUrbanArea"] = false,
                },
            },
        }, Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
        (await Api.PostAsync("sx-fengqiao", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.OK);
        await Api.DoAsync("sx-fengqiao", projectId, "draft-plan", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("sx-ziranziyuan-zhuji", projectId, "draft-permanent-farmland-adjustment", "complete", new { outcome = "approve" }, Ct);
        return projectId;
    }

    private Task<ApiResponse> RequestAsync(string user, string projectId, object body) => Api.PostAsync(user, $"/api/projects/{projectId}/exception-requests", body, Ct);

    [Fact]
    public async Task The_leading_group_grants_an_exception_to_a_limit_stated_in_principle_and_the_plan_moves_on()
    {
        var projectId = await BlockedShaoxingProjectAsync();
        var blocked = (await Api.GetAsync("sx-fengqiao", $"/api/projects/{projectId}", Ct)).Json.GetProperty("process");
        Assert.Equal("Blocked", blocked.GetProperty("status").GetString());
        Assert.Contains("尚差0.5亩", blocked.GetProperty("statusReason").GetString());

        (await RequestAsync("sx-fengqiao", projectId, new { checkId = "added-share-of-adjusted", reason = "调整区域耕地质量高，补划空间有限" })).Expect(HttpStatusCode.OK);
        var decided = await Api.DoAsync("sx-lingdaoxiaozu", projectId, "permanent-farmland-added-gate", "complete",
            new { outcome = "approve", opinion = "经领导小组审议，同意例外" }, Ct);
        Assert.Equal("completed", decided.GetProperty("status").GetString());
        Assert.Equal("新增永久基本农田面积不少于调整面积的5%（原则上）例外申请审议", decided.GetProperty("stepName").GetString());

        var moved = (await Api.GetAsync("sx-fengqiao", $"/api/projects/{projectId}", Ct)).Json.GetProperty("process");
        Assert.Equal("Running", moved.GetProperty("status").GetString());
        var timeline = (await Api.GetAsync("sx-fengqiao", $"/api/projects/{projectId}/timeline", Ct)).Json.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("exception.requested", timeline);
        Assert.Contains("exception.granted", timeline);
    }

    [Fact]
    public async Task A_request_without_reasons_for_a_strict_limit_or_by_someone_else_is_refused()
    {
        var projectId = await BlockedShaoxingProjectAsync();

        var bare = await RequestAsync("sx-fengqiao", projectId, new { });
        Assert.Equal(["checkId", "reason"], bare.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields.Order(StringComparer.Ordinal));
        var unknown = await RequestAsync("sx-fengqiao", projectId, new { checkId = "no-such-check", reason = "理由" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var other = await RequestAsync("sx-ziranziyuan-zhuji", projectId, new { checkId = "added-share-of-adjusted", reason = "理由" });
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);

        // Refused, the gate stays blocked and waits for corrected figures.
        (await RequestAsync("sx-fengqiao", projectId, new { checkId = "added-share-of-adjusted", reason = "补划空间有限" })).Expect(HttpStatusCode.OK);
        await Api.DoAsync("sx-lingdaoxiaozu", projectId, "permanent-farmland-added-gate", "complete", new { outcome = "reject", opinion = "请补足新增永久基本农田" }, Ct);
        var project = (await Api.GetAsync("sx-fengqiao", $"/api/projects/{projectId}", Ct)).Json;
        Assert.Equal("Blocked", project.GetProperty("process").GetProperty("status").GetString());
        (await Api.PostAsync("sx-fengqiao", $"/api/projects/{projectId}/corrections", new
        {
            version = project.GetProperty("version").GetInt32(), reason = "按领导小组意见补足",
            facts = new { numbers = new Dictionary<string, decimal> { ["permanentFarmlandAdded"] = 1m } },
        }, Ct)).Expect(HttpStatusCode.OK);
        Assert.Equal("Running", (await Api.GetAsync("sx-fengqiao", $"/api/projects/{projectId}", Ct)).Json.GetProperty("process").GetProperty("status").GetString());
    }
}
