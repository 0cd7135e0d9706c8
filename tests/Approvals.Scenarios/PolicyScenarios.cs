using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Xunit;

namespace Approvals.Scenarios;

/// <summary>
/// The processes as practice means them: limits stated 原则上 have an exception route and strict ones do not; a 容缺
/// material holds the decision until supplied; a city batch decides each project; the cross-county quota approval comes
/// before the 批复 that depends on it.
/// </summary>
public static class PolicyScenarios
{
    public static IReadOnlyDictionary<string, Func<Process, Task>> All { get; } = new Dictionary<string, Func<Process, Task>>
    {
        ["ningbo: the leading group grants an exception to the 3% limit; the strict 5% of the adjusted area still blocks until corrected"] = NingboExceptionGranted,
        ["shaoxing: an exception to the 5% new permanent farmland is refused; the corrected figure passes; strict limits have no exception"] = ShaoxingExceptionRefused,
        ["ningbo: a deferred material holds the 批复 after both approvals; missed, the approval is suspended before it, supplied it is issued"] = NingboDeferralHoldsTheDecision,
        ["ningxia: the region government approves the cross-county quota transfer before the plan's 批复"] = NingxiaQuotaApprovalBeforeTheDecision,
        ["jiaxing: the city's batch sends the project to rectify; the town applies again and it passes in a later batch, then is handed to the town"] = JiaxingBatchRectifyThenPass,
        ["jinhua: the reserved quota is judged again on the certified reclaimed area, not the planned one"] = JinhuaQuotaOnCertifiedArea,
        ["ningbo: new farmland at acceptance is measured on site, not from maps; the 5% is judged again on the measured figure"] = NingboNewFarmlandMeasuredOnSite,
        ["ningxia: the sub-projects' on-site figures add up to the project's measured new farmland"] = NingxiaMeasuredFiguresAddUp,
        ["shaoxing: a project that leaves its heritage unsaid is refused at the start, naming the fact"] = ShaoxingUndeclaredFactRefused,
    };

    private static async Task NingboExceptionGranted(Process p)
    {
        // 4% of the town's permanent farmland adjusted (3% 原则上), and only 2.5% of it added back (5%, strict).
        await p.Start("ningbo", Projects.Ningbo(Projects.Figures(
            ("permanentFarmlandAdjusted", 80m), ("townPermanentFarmlandArea", 2000m), ("newFarmlandArea", 100m), ("farmlandArea", 1500m), ("permanentFarmlandAdded", 2m))));
        var blocked = await p.Run(v => v.Status == InstanceStatus.Blocked);
        Assert.Contains("超出20亩", blocked.Reason);
        Assert.Contains("尚差2亩", blocked.Reason);

        var strict = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new RequestException("new-permanent-farmland-at-least-five-percent", "补划困难", "entity", p.Now)));
        Assert.Equal("checkId", strict.Field);
        Assert.Contains("刚性要求", strict.Message);
        var reasonless = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new RequestException("adjustment-within-three-percent", " ", "entity", p.Now)));
        Assert.Equal("reason", reasonless.Field);

        await p.Handle(new RequestException("adjustment-within-three-percent", "片区内零星永久基本农田集中连片需要，调整比例略超3%", "entity", p.Now));
        var twice = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new RequestException("adjustment-within-three-percent", "再次申请", "entity", p.Now)));
        Assert.Equal(EngineErrorKind.Conflict, twice.Kind);
        var request = await p.Task("policy-thresholds");
        Assert.Equal(Party.Department("leading-group", "330200"), request.Assignee);

        await p.Complete("policy-thresholds", outcome: Outcome.Approve, opinion: "经领导小组审议，同意按4%调整");
        var granted = await p.View();
        Assert.Contains("exception.granted policy-thresholds", granted.AuditActions);
        Assert.Equal(InstanceStatus.Blocked, granted.Status);
        Assert.DoesNotContain("3%", granted.Reason);
        Assert.Contains("尚差2亩", granted.Reason);

        await p.Correct("补划永久基本农田", Projects.Figures(("permanentFarmlandAdded", 4m)));
        Assert.Equal(InstanceStatus.Running, (await p.View()).Status);
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    private static async Task ShaoxingExceptionRefused(Process p)
    {
        await p.Start("shaoxing", Projects.Shaoxing(Projects.Shaoxing().Facts.With(Projects.Figures(("permanentFarmlandAdded", 0.5m)))));
        var blocked = await p.Run(v => v.Status == InstanceStatus.Blocked);
        Assert.Contains("新增永久基本农田面积不少于调整面积的5%", blocked.Reason);

        // The construction land total is strict: no exception, whether or not it blocks now.
        var notBlocking = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new RequestException("construction-land-not-increased", "建新需要", "entity", p.Now)));
        Assert.Equal(EngineErrorKind.NotFound, notBlocking.Kind);

        await p.Handle(new RequestException("added-share-of-adjusted", "调整区域耕地质量高，补划空间有限", "entity", p.Now));
        var request = await p.Task("permanent-farmland-added-gate");
        Assert.Equal(Party.Department("leading-group", "330681"), request.Assignee);
        var bare = await Assert.ThrowsAsync<EngineException>(() => p.Complete("permanent-farmland-added-gate", outcome: Outcome.Reject, opinion: " "));
        Assert.Equal("opinion", bare.Field);
        await p.Complete("permanent-farmland-added-gate", outcome: Outcome.Reject, opinion: "不符合原则上5%的要求，请补足新增永久基本农田");

        var refused = await p.View();
        Assert.Equal(InstanceStatus.Blocked, refused.Status);
        Assert.Contains("exception.refused permanent-farmland-added-gate", refused.AuditActions);
        Assert.Empty(refused.OpenTasks);

        await p.Correct("按领导小组意见补足新增永久基本农田", Projects.Figures(("permanentFarmlandAdded", 1m)));
        Assert.Equal(InstanceStatus.Running, (await p.View()).Status);
    }

    private static async Task NingboDeferralHoldsTheDecision(Process p)
    {
        await p.Start("ningbo", Projects.Ningbo());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-area-plan-and-proposal"));
        var review = await p.Task("review-area-plan-and-proposal", "water-resources");
        await p.Handle(new AcceptWithDeferral(review.TaskId, ["片区投融资方案"], "clerk", p.Now));
        await p.CompleteEach("review-area-plan-and-proposal");

        // The review goes on in parallel: the combined opinion and both approvals; the 批复 waits.
        await p.Complete("approve-project-proposal");
        await p.Complete("approve-area-plan");
        var held = await p.View();
        Assert.Equal(InstanceStatus.Blocked, held.Status);
        Assert.Contains(new BookmarkView(BookmarkKind.Materials, "issue-proposal-approval"), held.Bookmarks);
        Assert.Contains("combined-review-opinion", held.Letters);
        Assert.DoesNotContain("approval-decision", held.Letters);

        await p.LaterByWorkingDays(11);
        var suspended = await p.View();
        Assert.Equal(InstanceStatus.Suspended, suspended.Status);
        Assert.DoesNotContain("approval-decision", suspended.Letters);

        await p.Handle(new SupplementMaterial(review.TaskId, "片区投融资方案", "entity", p.Now));
        var issued = await p.View();
        Assert.Equal(InstanceStatus.Running, issued.Status);
        Assert.Equal(2, issued.Letters.Count(l => l == "approval-decision"));
        Assert.Contains("step.released issue-proposal-approval", issued.AuditActions);
    }

    private static async Task NingxiaQuotaApprovalBeforeTheDecision(Process p)
    {
        var project = Projects.Ningxia();
        await p.Start("ningxia", project with { Facts = project.Facts.With(Projects.Flags(("crossCountyQuotaTransfer", true))) });
        var end = await p.Run();
        Assert.Equal(InstanceStatus.Completed, end.Status);

        var actions = end.AuditActions.ToList();
        var quota = actions.IndexOf("task.opened cross-county-quota-approval");
        var decision = actions.IndexOf("letter.requested issue-approval");
        Assert.True(quota >= 0 && decision > quota, $"the quota approval ({quota}) must come before the plan's 批复 ({decision})");
        Assert.True(actions.IndexOf("letter.requested issue-cross-county-quota-approval") < decision);
    }

    private static async Task JiaxingBatchRectifyThenPass(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.Bookmarks.Any(b => b.Kind == BookmarkKind.Batch));

        var bare = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new CloseBatch("city-unified-acceptance", "2026年第1批", BatchDecision.Rectify, "city-office", p.Now)));
        Assert.Equal("opinion", bare.Field);
        await p.Handle(new CloseBatch("city-unified-acceptance", "2026年第1批", BatchDecision.Rectify, "city-office", p.Now, "沟渠护坡未达到设计标准，请整改"));

        // Back to the town's application, with the batch's opinion; nothing waits in a batch meanwhile.
        var rectifying = await p.View();
        var application = Assert.Single(rectifying.OpenTasks);
        Assert.Equal("apply-for-overall-acceptance", application.StepId);
        Assert.Equal(Party.Department("government", "330421102"), application.Assignee);
        Assert.DoesNotContain(rectifying.Bookmarks, b => b.Kind == BookmarkKind.Batch);
        Assert.Equal(InstanceStatus.Running, rectifying.Status);

        await p.Complete("apply-for-overall-acceptance", opinion: "已按批次意见整改");
        await p.Complete("county-overall-acceptance");
        Assert.Contains((await p.View()).Bookmarks, b => b.Kind == BookmarkKind.Batch);
        await p.Handle(new CloseBatch("city-unified-acceptance", "2026年第2批", BatchDecision.Passed, "city-office", p.Now));

        // Passed: the city's 优质工程 selection and the handover to the town, which must name the unit responsible.
        var after = await p.View();
        Assert.Equal(["handover-for-maintenance", "quality-project-selection"], after.OpenTasks.Select(t => t.StepId).Order(StringComparer.Ordinal));
        Assert.Equal(Party.Department("government", "330421102"), after.OpenTasks.Single(t => t.StepId == "handover-for-maintenance").Assignee);
        var handover = await p.Task("handover-for-maintenance");
        var unnamed = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new CompleteTask(handover.TaskId, Outcome.Approve, null, "town", p.Now)));
        Assert.Equal("opinion", unnamed.Field);
        Assert.Contains("管护责任单位", unnamed.Message);
        await p.Complete("handover-for-maintenance", opinion: "姚庄镇农业农村办公室");
        await p.Complete("quality-project-selection", opinion: "评为市级优质工程，推荐省级精品工程");
        Assert.Equal(InstanceStatus.Completed, (await p.View()).Status);
    }

    private static async Task JinhuaQuotaOnCertifiedArea(Process p)
    {
        // Planned: 10 亩 reserved of 100 亩 to be reclaimed (10%). Certified: only 40 亩 reclaimed, so 10 亩 is 25%.
        await p.Start("jinhua", Projects.Jinhua());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "new-farmland-certification"));
        await p.Complete("new-farmland-certification", figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 60m, ["constructionLandReclaimed"] = 40m });

        var blocked = await p.View();
        Assert.Equal(InstanceStatus.Blocked, blocked.Status);
        Assert.Contains("建设用地复垦面积40的25%，应不超过20%，超出2亩", blocked.Reason);

        await p.Correct("按核定复垦面积核减预留指标", Projects.Figures(("reservedConstructionQuota", 8m)));
        Assert.Contains("gate.passed reserved-quota-gate", (await p.View()).AuditActions);
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    private static async Task NingboNewFarmlandMeasuredOnSite(Process p)
    {
        await p.Start("ningbo", Projects.Ningbo());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "new-farmland-survey"));
        var survey = await p.Task("new-farmland-survey");
        var figures = new Dictionary<string, decimal> { ["newFarmlandArea"] = 60m };

        var unsaid = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new CompleteTask(survey.TaskId, Outcome.Approve, "合格", "clerk", p.Now, figures)));
        Assert.Equal("measurement", unsaid.Field);
        var fromMaps = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new CompleteTask(survey.TaskId, Outcome.Approve, "合格", "clerk", p.Now, figures,
            Measurement: new Measurement(Measurement.FromMaps, "某测绘公司"))));
        Assert.Equal("measurement.method", fromMaps.Field);
        Assert.Contains("不能以图测代替", fromMaps.Message);

        // 60 亩 measured of the 1500 亩 existing is 4%: blocked on the measured figure, though 100 亩 were planned (6.67%).
        await p.Handle(new CompleteTask(survey.TaskId, Outcome.Approve, "合格", "clerk", p.Now, figures, Measurement: new Measurement(Measurement.OnSite, "余姚市测绘院 张立")));
        var blocked = await p.View();
        Assert.Contains("figures.measured new-farmland-survey", blocked.AuditActions);
        Assert.Contains("新增耕地面积60占项目区现状耕地面积1500的4%，应不低于5%，尚差15亩", blocked.Reason);
        var measured = Assert.Single(blocked.Measured);
        Assert.Equal((100m, 60m, 40m), (measured.Planned, measured.Measured, measured.Shortfall));

        await p.Handle(new RequestException("measured-new-farmland-at-least-five-percent", "部分地块受季节影响暂未达到耕种条件", "entity", p.Now));
        await p.Complete("new-farmland-at-acceptance", opinion: "同意，限期补足");
        Assert.Single(await p.Tasks("overall-acceptance"));
    }

    private static async Task NingxiaMeasuredFiguresAddUp(Process p)
    {
        await p.Start("ningxia", Projects.Ningxia());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "sub-project-sign-off"));
        await p.Complete("sub-project-sign-off", "sp-farmland", figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 86.5m });
        await p.Complete("sub-project-sign-off", "sp-water", figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 3.5m });

        var figure = Assert.Single((await p.View()).Measured);
        Assert.Equal(("newFarmlandArea", 90m, (decimal?)null), (figure.Code, figure.Measured, figure.Planned));

        // A sub-project that added no farmland reports 0 and leaves the total as it was.
        await p.Complete("sub-project-sign-off", "sp-shelterbelt", figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 0m });
        Assert.Equal(90m, Assert.Single((await p.View()).Measured).Measured);
    }

    private static async Task ShaoxingUndeclaredFactRefused(Process p)
    {
        var flags = Projects.Shaoxing().Facts.Flags.Where(f => f.Key != "involvesCulturalHeritage").ToDictionary(f => f.Key, f => f.Value);
        var silent = Projects.Shaoxing() with { Facts = Projects.Shaoxing().Facts with { Flags = flags } };

        var refused = await Assert.ThrowsAsync<EngineException>(() => p.Start("shaoxing", silent));

        Assert.Equal(EngineErrorKind.Invalid, refused.Kind);
        Assert.Equal("facts.flags.involvesCulturalHeritage", Assert.Single(refused.Problems).Field);
    }
}
