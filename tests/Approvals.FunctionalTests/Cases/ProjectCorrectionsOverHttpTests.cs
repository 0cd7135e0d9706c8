using System.Net;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;

namespace Approvals.FunctionalTests.Cases;

/// <summary>
/// 项目更正 over HTTP: Ningxia's 5% limit blocks a started project until the implementing entity corrects the figure;
/// each correction is a version on the project's audit chain and each later decision names it. A Jiaxing department
/// moves its sub-project out of the area as it confirms.
/// </summary>
public sealed class ProjectCorrectionsOverHttpTests : ApiTestHost
{
    private async Task<string> BlockedNingxiaProjectAsync()
    {
        var projectId = (await Api.PostAsync("nx-changxin", "/api/projects", new
        {
            name = "贺兰县常信乡全域土地综合整治项目", definitionId = "ningxia", townCode = "640122201", area = 5200m,
            villages = new[] { new { code = "640122201201", name = "四十里店村", electorate = 300, households = 120 } },
            subProjects = new[] { new { key = "sp-farmland", name = "高标准农田建设", department = "agriculture-rural" } },
            facts = new
            {
                numbers = new Dictionary<string, decimal> { ["permanentFarmlandAdjusted"] = 60m, ["townPermanentFarmlandArea"] = 1000m },
                flags = new Dictionary<string, bool>
                {
                    ["involvesDemolition"] = false, ["crossCountyQuotaTransfer"] = false, ["adjustsFarmlandInDevelopmentBoundary"] = false,
                    ["optimisesThreeZonesThreeLines"] = false,
                },
            },
        }, Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
        (await Api.PostAsync("nx-changxin", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.OK);
        await Api.DoAsync("nx-zhengfu", projectId, "county-overall-planning", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nx-ziranziyuan", projectId, "cadastral-survey", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nx-nongye", projectId, "propose-sub-projects", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nx-ziranziyuan", projectId, "draft-plan", "complete", new { outcome = "approve" }, Ct);
        return projectId;
    }

    private Task<ApiResponse> CorrectAsync(string user, string projectId, object body) => Api.PostAsync(user, $"/api/projects/{projectId}/corrections", body, Ct);

    [Fact]
    public async Task A_blocked_gate_says_by_how_much_and_passes_once_the_entity_corrects_the_figure_on_a_new_version()
    {
        var projectId = await BlockedNingxiaProjectAsync();
        var blocked = (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        var process = blocked.GetProperty("process");
        Assert.Equal("Blocked", process.GetProperty("status").GetString());
        Assert.Contains("占所在乡镇永久基本农田面积1000的6%，应不超过5%，超出10亩（四.(十一)", process.GetProperty("statusReason").GetString());
        var version = blocked.GetProperty("version").GetInt32();

        var corrected = (await CorrectAsync("nx-changxin", projectId, new
        {
            version, reason = "按自治区审查口径核减永久基本农田调整面积",
            facts = new { numbers = new Dictionary<string, decimal> { ["permanentFarmlandAdjusted"] = 50m } },
        })).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(version + 1, corrected.GetProperty("version").GetInt32());
        Assert.Equal(50m, corrected.GetProperty("facts").GetProperty("numbers").GetProperty("permanentFarmlandAdjusted").GetDecimal());
        Assert.Equal(1000m, corrected.GetProperty("facts").GetProperty("numbers").GetProperty("townPermanentFarmlandArea").GetDecimal());
        Assert.Equal("Running", corrected.GetProperty("process").GetProperty("status").GetString());

        // The next decision names the version it was made on; the project's chain holds the version with its reason.
        var decided = await Api.DoAsync("nx-silidian", projectId, "publicise-plan-in-village", "complete", new { outcome = "approve" }, Ct);
        Assert.Equal(version + 1, decided.GetProperty("projectVersion").GetInt32());
        var timeline = (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}/timeline", Ct)).Expect(HttpStatusCode.OK).Json.EnumerateArray().ToList();
        var onChain = timeline.Single(e => e.GetProperty("action").GetString() == "project.corrected" && e.GetProperty("stream").GetString()!.StartsWith("project:", StringComparison.Ordinal));
        Assert.Equal("按自治区审查口径核减永久基本农田调整面积", onChain.GetProperty("reason").GetString());
        Assert.Equal((version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), onChain.GetProperty("details").GetProperty("version").GetString());
        Assert.Contains("\"permanentFarmlandAdjusted\":50", onChain.GetProperty("details").GetProperty("facts").GetString());
        Assert.Contains(timeline, e => e.GetProperty("action").GetString() == "gate.passed");
        var audited = await InDbAsync(db => db.AuditRecords.Where(a => a.Action == "project.corrected").CountAsync(Ct));
        Assert.Equal(2, audited); // once on the project's chain, once on the process's
    }

    [Fact]
    public async Task A_correction_is_refused_field_by_field_when_it_is_incomplete_stale_or_out_of_turn_and_nothing_is_written()
    {
        var projectId = await BlockedNingxiaProjectAsync();
        var version = (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}", Ct)).Json.GetProperty("version").GetInt32();

        var bare = (await CorrectAsync("nx-changxin", projectId, new { facts = new { numbers = new Dictionary<string, decimal> { ["noSuchFigure"] = 1m } } }))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["facts.numbers.noSuchFigure", "reason", "version"], bare.ErrorFields.Order(StringComparer.Ordinal));

        var stale = await CorrectAsync("nx-changxin", projectId, new { version = version - 1, reason = "更正", area = 5100m });
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);

        var village = await CorrectAsync("nx-silidian", projectId, new { version, reason = "更正", area = 5100m });
        Assert.Equal(HttpStatusCode.Forbidden, village.Status);

        // Once the figure passes, the process waits on the villages, not on the entity: a further correction is out of turn.
        (await CorrectAsync("nx-changxin", projectId, new
        {
            version, reason = "核减", facts = new { numbers = new Dictionary<string, decimal> { ["permanentFarmlandAdjusted"] = 45m } },
        })).Expect(HttpStatusCode.OK);
        var outOfTurn = await CorrectAsync("nx-changxin", projectId, new { version = version + 1, reason = "再改面积", area = 5100m });
        Assert.Equal(HttpStatusCode.Conflict, outOfTurn.Status);
        Assert.Contains("退回补正", outOfTurn.Json.GetProperty("detail").GetString());
        var after = (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}", Ct)).Json;
        Assert.Equal(5200m, after.GetProperty("area").GetDecimal());
        Assert.Equal(version + 1, after.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_draft_is_edited_not_corrected()
    {
        var projectId = (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject(), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;

        var refused = await CorrectAsync("yaozhuang", projectId, new { version = 1, reason = "更正", area = 3000m });

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("草稿", refused.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_confirming_department_moves_its_own_sub_project_out_of_the_area_and_the_project_takes_a_new_version()
    {
        var projectId = await Api.StartAsync("嘉善县姚庄镇北鹤片区全域土地综合整治项目", Ct);
        var version = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}", Ct)).Json.GetProperty("version").GetInt32();

        var inbox = (await Api.GetAsync("jx-jiaotong", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
        var foreign = await Api.PostAsync("jx-jiaotong", $"/api/tasks/{inbox}/complete",
            new { outcome = "approve", opinion = "确认", subProjectPlans = new Dictionary<string, string> { ["sp-river"] = "not-in-area" } }, Ct);
        Assert.Equal(["subProjectPlans.sp-river"], foreign.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields);

        var confirmed = await Api.DoAsync("jx-jiaotong", projectId, "confirm-sub-projects", "complete",
            new { outcome = "approve", opinion = "农村公路提升改造另行立项，不在项目区内开展", subProjectPlans = new Dictionary<string, string> { ["sp-road"] = "not-in-area" } }, Ct);

        Assert.Equal(version + 1, confirmed.GetProperty("projectVersion").GetInt32());
        var project = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}", Ct)).Json;
        Assert.Equal(version + 1, project.GetProperty("version").GetInt32());
        var road = project.GetProperty("subProjects").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "sp-road");
        Assert.Equal("not-in-area", road.GetProperty("plan").GetString());
        var timeline = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}/timeline", Ct)).Json.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("project.sub-projects-moved", timeline);
        Assert.Contains("sub-projects.moved", timeline);
    }
}
