using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Xunit;

namespace Approvals.Scenarios;

/// <summary>
/// The scenarios each regional definition must pass, end to end: the straight path, return and resubmit,
/// 容缺 met and missed, filings objected and deemed complete, consent failed then passed, sign-offs rolling
/// up to the overall acceptance, batches closing, gates blocking on the figures.
/// </summary>
public static class RegionalScenarios
{
    private static readonly Dictionary<string, Func<Process, Task>> Paths = new()
    {
        ["jiaxing: straight path to the city's batch acceptance"] = JiaxingStraightPath,
        ["jiaxing: a department returns the plan, it is resubmitted and reviewed again"] = JiaxingReturnAndResubmit,
        ["jiaxing: a village's failed vote is held again, another asks for revision; the plan goes back and every village votes again"] = JiaxingVillageConsentReturns,
        ["jiaxing: the township returns the adjustment of contracted land; the plan goes back and every village votes again"] = JiaxingLandAdjustmentReturned,
        ["jiaxing: a deferred material holds the joint review opinion until it is supplied in time"] = JiaxingDeferralMet,
        ["jiaxing: a deferred material missed while the opinion waits for it: the plan is not approved and no opinion is issued"] = JiaxingDeferralMissed,
        ["jiaxing: single-item sign-offs roll up to the overall acceptance"] = JiaxingSignOffsRollUp,
        ["jiaxing: the city's batch rejects the project"] = JiaxingBatchRejected,
        ["jiaxing: a confirmation turns yellow, then red, on the working-day calendar across 中秋 and 国庆"] = JiaxingWarningsAcrossHolidays,
        ["jinhua: straight path, the investment filing deemed complete"] = JinhuaStraightPath,
        ["jinhua: reserve filing deemed complete when the window passes"] = JinhuaFilingDeemedComplete,
        ["jinhua: reserve filing objected, the project goes back"] = JinhuaFilingObjected,
        ["jinhua: the 3% gate blocks until the figures are corrected"] = JinhuaGateBlocksThenPasses,
        ["jinhua: the plan approval returns; plan and feasibility study are approved together again"] = JinhuaCombinedApprovalReturns,
        ["ningbo: straight path through both joint meetings"] = NingboStraightPath,
        ["ningbo: a department returns the area plan with the combined opinion listing what must change; it is resubmitted"] = NingboReturnAndResubmit,
        ["ningbo: deferred materials missed suspend the approval until supplied"] = NingboDeferralSuspends,
        ["ningxia: straight path, every village consents before the plan goes up"] = NingxiaStraightPath,
        ["ningxia: a failed consent vote is held again and then passes"] = NingxiaConsentFailedThenPassed,
        ["ningxia: the ministry objects to the farmland filing, then a new filing is deemed complete"] = NingxiaFilingObjectedThenDeemed,
        ["ningxia: a sign-off needs new farmland measured on site"] = NingxiaSignOffNeedsMeasuredFigures,
        ["ningxia: the region returns the plan; every village consents to the revised plan again"] = NingxiaRegionReturnsPlan,
        ["shaoxing: straight path, cross-town adjustment takes the county route"] = ShaoxingCountyRoute,
        ["shaoxing: an adjustment inside one town takes the township route"] = ShaoxingTownshipRoute,
        ["shaoxing: a department returns the plan in the joint review, it is revised and reviewed again"] = ShaoxingReturnAndResubmit,
        ["shaoxing: a village's failed consent vote is held again before the joint review"] = ShaoxingConsentFailedThenPassed,
    };

    /// <summary>Every scenario: the regional paths, the corrections and the policies as practised.</summary>
    public static IReadOnlyDictionary<string, Func<Process, Task>> All { get; } = Paths.Concat(CorrectionScenarios.All).Concat(PolicyScenarios.All).ToDictionary(p => p.Key, p => p.Value);

    // ---- Jiaxing (seed 002, 四) -------------------------------------------------------------------

    private static async Task JiaxingStraightPath(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());

        await p.Complete("select-sub-projects");
        var confirmations = await p.Tasks("confirm-sub-projects");
        Assert.Equal(["agriculture-rural", "transport", "water-resources"], confirmations.Select(t => t.Assignee.Code).Order(StringComparer.Ordinal));
        Assert.All(confirmations, t => Assert.Equal("330421", t.Assignee.Jurisdiction));
        Assert.All(confirmations, t => Assert.Equal(new DateOnly(2026, 3, 9), t.DueDate));
        var waiting = await p.View();
        Assert.Equal(["agriculture-rural@330421", "transport@330421", "water-resources@330421"], waiting.WaitingDepartments);
        Assert.Equal(3, waiting.CurrentSteps.Count(s => s.StartsWith("确认在建、拟同步建设及不开展的子项目", StringComparison.Ordinal)));

        await p.CompleteEach("confirm-sub-projects");
        var establishment = await p.Task("establishment-approval");
        Assert.Equal(Party.Department("natural-resources", "330400"), establishment.Assignee);
        await p.Complete("establishment-approval");
        await p.Complete("implementation-plan");

        // Version 2: each village is consulted on the plan and votes on it before the county's joint review.
        var opinions = await p.Tasks("village-opinions");
        Assert.Equal([Party.Role("village-committee", "330421102201"), Party.Role("village-committee", "330421102202")], opinions.Select(t => t.Assignee));
        Assert.All(opinions, t => Assert.Equal(new DateOnly(2026, 3, 16), t.DueDate));
        await p.CompleteEach("village-opinions");
        var votes = await p.Tasks("village-consent-vote");
        Assert.Equal(["330421102201", "330421102202"], votes.Select(t => t.ItemKey));
        Assert.All(votes, t => Assert.Equal(new DateOnly(2026, 3, 30), t.DueDate));
        Assert.Equal(
            [new BookmarkView(BookmarkKind.Consent, "330421102201"), new BookmarkView(BookmarkKind.Consent, "330421102202")],
            (await p.View()).Bookmarks.Where(b => b.Kind == BookmarkKind.Consent).OrderBy(b => b.Key, StringComparer.Ordinal));
        await p.Handle(new RecordConsent("330421102201", true, "三分之二以上村民代表同意，通过", "village", p.Now));
        Assert.Empty(await p.Tasks("town-land-adjustment-approval"));
        await p.Handle(new RecordConsent("330421102202", true, "三分之二以上村民代表同意，通过", "village", p.Now));
        Assert.Equal(2, (await p.View()).Letters.Count(l => l == "consent-resolution"));
        Assert.DoesNotContain((await p.View()).Bookmarks, b => b.Kind == BookmarkKind.Consent);

        // Version 3: the adjustment of contracted land the villages agreed to is approved by the township government, then
        // by the county's agriculture-rural department (农村土地承包法 第二十八条), before the joint review.
        Assert.Equal(Party.Department("government", "330421102"), (await p.Task("town-land-adjustment-approval")).Assignee);
        Assert.Empty(await p.Tasks("review-plan"));
        await p.Complete("town-land-adjustment-approval");
        Assert.Equal(Party.Department("agriculture-rural", "330421"), (await p.Task("county-land-adjustment-approval")).Assignee);
        Assert.Empty(await p.Tasks("review-plan"));
        await p.Complete("county-land-adjustment-approval");
        var reviewing = await p.View();
        Assert.Equal(3, reviewing.OpenTasks.Count(t => t.StepId == "review-plan"));

        var end = await p.Run(v => v.Bookmarks.Any(b => b.Kind == BookmarkKind.Batch));
        Assert.Equal(InstanceStatus.Running, end.Status);
        Assert.Contains(new BookmarkView(BookmarkKind.Batch, "city-unified-acceptance@330400"), end.Bookmarks);
        Assert.Empty(end.OpenTasks);

        var finished = await p.Run();
        Assert.Equal(InstanceStatus.Completed, finished.Status);
        Assert.Empty(finished.OpenTasks);
        Assert.Empty(finished.Bookmarks);
        Assert.Equal(3, finished.Letters.Count(l => l == "department-confirmation-letter"));
        Assert.Equal(2, finished.Letters.Count(l => l == "consent-resolution"));
        Assert.Equal(2, finished.AuditActions.Count(a => a == "consent.recorded"));
        Assert.Equal(3, finished.Letters.Count(l => l == "single-item-acceptance-opinion"));
        Assert.Contains("combined-review-opinion", finished.Letters);
        Assert.Contains("overall-acceptance-opinion", finished.Letters);
        Assert.Contains("batch.closed city-unified-acceptance", finished.AuditActions);
    }

    private static async Task JiaxingReturnAndResubmit(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-plan"));

        await p.Complete("review-plan", "agriculture-rural");
        await p.Complete("review-plan", "water-resources", Outcome.Return, "请补充河道断面设计");
        Assert.Empty(await p.Tasks("implementation-plan"));
        await p.Complete("review-plan", "transport");

        // All three have spoken; not all approved, so the combined review returns the plan to the implementing entity.
        var view = await p.View();
        Assert.Equal(["implementation-plan"], view.OpenTasks.Select(t => t.StepId));
        Assert.Contains("step.returned joint-plan-review", view.AuditActions);

        // The revised plan goes back to every village for its opinions and vote before the departments see it again.
        await p.Complete("implementation-plan");
        Assert.Empty(await p.Tasks("review-plan"));
        await p.CompleteEach("village-opinions");
        await p.ConsentEach();
        Assert.Equal(4, (await p.View()).AuditActions.Count(a => a == "consent.recorded"));
        await p.Complete("town-land-adjustment-approval");
        await p.Complete("county-land-adjustment-approval");
        Assert.Equal(3, (await p.Tasks("review-plan")).Count);
        await p.CompleteEach("review-plan");
        Assert.Contains("combined-review-opinion", (await p.View()).Letters);
        Assert.Single(await p.Tasks("construction"));
    }

    private static async Task JiaxingVillageConsentReturns(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "village-opinions"));
        Assert.Equal(["330421102201", "330421102202"], (await p.Tasks("village-opinions")).Select(t => t.ItemKey));

        // 北鹤村's villagers ask for the plan to be revised: that village is done; the join waits for 桃源村.
        await p.Complete("village-opinions", "330421102201", Outcome.Return, "村民要求调整农房安置点位置");
        Assert.Empty(await p.Tasks("implementation-plan"));
        await p.Complete("village-opinions", "330421102202");
        var vote = await p.Task("village-consent-vote", "330421102202");
        Assert.Equal(Party.Role("village-committee", "330421102202"), vote.Assignee);
        Assert.Empty((await p.Tasks("village-consent-vote")).Where(t => t.ItemKey == "330421102201"));

        // 桃源村's vote fails: the vote may be held again, and the process waits for it.
        await p.Handle(new RecordConsent("330421102202", false, "同意票未达到村民代表的三分之二", "village", p.Now));
        var waiting = await p.View();
        Assert.Equal([("village-consent-vote", "330421102202")], waiting.OpenTasks.Select(t => (t.StepId, t.ItemKey)));
        Assert.Contains(new BookmarkView(BookmarkKind.Consent, "330421102202"), waiting.Bookmarks);
        Assert.DoesNotContain("consent-resolution", waiting.Letters);
        await p.Handle(new RecordConsent("330421102202", true, "再次表决，三分之二以上村民代表同意", "village", p.Now));

        // Every village has finished but not every village approved: the plan goes back to the implementing entity.
        var returned = await p.View();
        Assert.Equal(["implementation-plan"], returned.OpenTasks.Select(t => t.StepId));
        Assert.Contains("step.returned village-consent", returned.AuditActions);
        Assert.Empty(returned.Bookmarks);
        Assert.DoesNotContain("task.opened review-plan", returned.AuditActions);

        // The revised plan is put to every village again, 桃源村 included, before the departments review it.
        await p.Complete("implementation-plan");
        Assert.Equal(["330421102201", "330421102202"], (await p.Tasks("village-opinions")).Select(t => t.ItemKey));
        await p.CompleteEach("village-opinions");
        await p.Handle(new RecordConsent("330421102201", true, "三分之二以上村民代表同意", "village", p.Now));
        Assert.Empty(await p.Tasks("town-land-adjustment-approval"));
        await p.Handle(new RecordConsent("330421102202", true, "三分之二以上村民代表同意", "village", p.Now));
        await p.Complete("town-land-adjustment-approval");
        await p.Complete("county-land-adjustment-approval");

        var reviewing = await p.View();
        Assert.Equal(3, reviewing.OpenTasks.Count(t => t.StepId == "review-plan"));
        Assert.Equal(4, reviewing.AuditActions.Count(a => a == "consent.recorded"));
        Assert.Equal(3, reviewing.Letters.Count(l => l == "consent-resolution"));
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    private static async Task JiaxingLandAdjustmentReturned(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "town-land-adjustment-approval"));

        await p.Complete("town-land-adjustment-approval", outcome: Outcome.Return, opinion: "调整方案涉及基本农田保护区，请核减调整面积");
        var returned = await p.View();
        Assert.Equal(["implementation-plan"], returned.OpenTasks.Select(t => t.StepId));
        Assert.DoesNotContain("task.opened county-land-adjustment-approval", returned.AuditActions);

        // A changed adjustment is a changed plan: the villages are consulted and vote on it again, then both approve it.
        await p.Complete("implementation-plan");
        await p.CompleteEach("village-opinions");
        await p.ConsentEach();
        Assert.Equal(4, (await p.View()).AuditActions.Count(a => a == "consent.recorded"));
        await p.Complete("town-land-adjustment-approval");
        await p.Complete("county-land-adjustment-approval", outcome: Outcome.Return, opinion: "请补充承包农户签字确认材料");
        Assert.Equal(["implementation-plan"], (await p.View()).OpenTasks.Select(t => t.StepId));

        await p.Complete("implementation-plan");
        await p.CompleteEach("village-opinions");
        await p.ConsentEach();
        await p.Complete("town-land-adjustment-approval");
        await p.Complete("county-land-adjustment-approval");
        Assert.Equal(3, (await p.Tasks("review-plan")).Count);
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    private static async Task JiaxingDeferralMet(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-plan"));
        var review = await p.Task("review-plan", "agriculture-rural");

        await p.Handle(new AcceptWithDeferral(review.TaskId, ["资金整合方案"], "clerk", p.Now));
        await p.CompleteEach("review-plan");

        // Every department approved, but the opinion (the decision) is not issued while the material is outstanding.
        var held = await p.View();
        Assert.Equal(InstanceStatus.Blocked, held.Status);
        Assert.Contains("出具联合审查意见：容缺材料尚未补齐（资金整合方案）", held.Reason);
        Assert.Contains(new BookmarkView(BookmarkKind.Materials, "joint-review-opinion"), held.Bookmarks);
        Assert.DoesNotContain("combined-review-opinion", held.Letters);
        Assert.Empty(held.OpenTasks);

        await p.LaterByWorkingDays(5);
        await p.Handle(new SupplementMaterial(review.TaskId, "资金整合方案", "entity", p.Now));
        var released = await p.View();
        Assert.Contains("combined-review-opinion", released.Letters);
        Assert.DoesNotContain(released.Bookmarks, b => b.Kind == BookmarkKind.Materials);
        Assert.Single(released.OpenTasks, t => t.StepId == "construction");
        await p.LaterByWorkingDays(10);

        var view = await p.View();
        Assert.Equal(InstanceStatus.Running, view.Status);
        Assert.Contains("deferral.supplemented", view.AuditActions);
        Assert.DoesNotContain("deferral.missed", view.AuditActions);
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    private static async Task JiaxingDeferralMissed(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-plan"));
        var review = await p.Task("review-plan", "water-resources");

        var refused = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new AcceptWithDeferral(review.TaskId, ["实施方案"], "clerk", p.Now)));
        Assert.Equal(EngineErrorKind.Invalid, refused.Kind);
        await p.Handle(new AcceptWithDeferral(review.TaskId, ["子项目施工图设计"], "clerk", p.Now));
        await p.CompleteEach("review-plan");
        await p.LaterByWorkingDays(9);
        Assert.Equal(InstanceStatus.Blocked, (await p.View()).Status);

        // The deadline passes while the project still waits before the opinion: nothing past it has moved.
        await p.LaterByWorkingDays(2);
        var view = await p.View();
        Assert.Equal(InstanceStatus.Rejected, view.Status);
        Assert.DoesNotContain("combined-review-opinion", view.Letters);
        Assert.Empty(view.Bookmarks);
        Assert.Contains("容缺材料逾期未补正（子项目施工图设计），不予批准", view.Reason);
        Assert.Empty(view.OpenTasks);
        Assert.Empty(view.PendingTimers);
    }

    private static async Task JiaxingSignOffsRollUp(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "single-item-acceptance"));
        Assert.Equal(3, (await p.Tasks("single-item-acceptance")).Count);

        // A sign-off that finds a defect sends the works back to construction; every sign-off starts again.
        await p.Complete("single-item-acceptance", "sp-farmland");
        await p.Complete("single-item-acceptance", "sp-river", Outcome.Return, "护岸未完工");
        var view = await p.View();
        Assert.Equal(["construction"], view.OpenTasks.Select(t => t.StepId));
        Assert.Contains("step.cancelled single-item-acceptance", view.AuditActions);

        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "single-item-acceptance"));
        await p.Complete("single-item-acceptance", "sp-farmland");
        await p.Complete("single-item-acceptance", "sp-river");
        Assert.Empty(await p.Tasks("apply-for-overall-acceptance"));
        await p.Complete("single-item-acceptance", "sp-road");
        await p.Complete("apply-for-overall-acceptance");
        Assert.Equal(Party.Department("leading-group-office", "330421"), (await p.Task("county-overall-acceptance")).Assignee);
    }

    private static async Task JiaxingBatchRejected(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Run(v => v.Bookmarks.Any(b => b.Kind == BookmarkKind.Batch));

        await p.Handle(new CloseBatch("city-unified-acceptance", "2026年第2批", BatchDecision.Failed, "city-office", p.Now, "项目区新增耕地未达到批复要求"));

        var view = await p.View();
        Assert.Equal(InstanceStatus.Rejected, view.Status);
        Assert.Contains("2026年第2批", view.Reason);
        Assert.Empty(view.Bookmarks);
    }

    private static async Task JiaxingWarningsAcrossHolidays(Process p)
    {
        var cst = TimeSpan.FromHours(8);
        p.ClockAt(new DateTimeOffset(2026, 9, 24, 9, 0, 0, cst));
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Complete("select-sub-projects");

        // 5 working days from Thursday 24 September: 25–27 中秋 and 1–7 October 国庆 are not counted.
        var task = await p.Task("confirm-sub-projects", "transport");
        Assert.Equal(new DateOnly(2026, 10, 9), task.DueDate);

        await p.LaterAt(new DateTimeOffset(2026, 9, 29, 23, 59, 0, cst));
        Assert.Null((await p.Task("confirm-sub-projects", "transport")).Warning);

        // Two working days left (8 and 9 October) from the start of 30 September: yellow.
        await p.LaterAt(new DateTimeOffset(2026, 9, 30, 0, 1, 0, cst));
        Assert.Equal(TaskWarning.Yellow, (await p.Task("confirm-sub-projects", "transport")).Warning);
        await p.Complete("confirm-sub-projects", "transport");

        await p.LaterAt(new DateTimeOffset(2026, 10, 9, 23, 59, 0, cst));
        Assert.Equal(TaskWarning.Yellow, (await p.Task("confirm-sub-projects", "water-resources")).Warning);

        // The time limit ends at the end of 9 October; Saturday 10 October is a 调休 working day, and the task is red.
        await p.LaterAt(new DateTimeOffset(2026, 10, 10, 0, 1, 0, cst));
        var view = await p.View();
        Assert.All(view.OpenTasks.Where(t => t.StepId == "confirm-sub-projects"), t => Assert.Equal(TaskWarning.Red, t.Warning));
        Assert.Equal(2, view.AuditActions.Count(a => a == "task.overdue confirm-sub-projects"));
        Assert.DoesNotContain(view.OpenTasks, t => t.StepId == "confirm-sub-projects" && t.ItemKey == "transport");
    }

    // ---- Jinhua (seed 001) ----------------------------------------------------------------------

    private static async Task JinhuaStraightPath(Process p)
    {
        await p.Start("jinhua", Projects.Jinhua());
        var end = await p.Run();
        Assert.Equal(InstanceStatus.Completed, end.Status);
        Assert.Contains("filing.deemed-complete city-reserve-filing", end.AuditActions);
        Assert.Contains("approval-decision", end.Letters);
        Assert.Contains("overall-acceptance-opinion", end.Letters);
    }

    private static async Task JinhuaFilingDeemedComplete(Process p)
    {
        await p.Start("jinhua", Projects.Jinhua());
        await p.Complete("project-planning");
        await p.Complete("county-reserve-entry");
        var filing = await p.Task("city-reserve-filing");
        Assert.Equal(Party.Department("natural-resources", "330700"), filing.Assignee);

        Assert.Equal(0, await p.LaterByWorkingDays(9));
        Assert.Single(await p.Tasks("city-reserve-filing"));
        await p.LaterByWorkingDays(1);
        await p.LaterByWorkingDays(1);

        var view = await p.View();
        Assert.Contains("filing.deemed-complete city-reserve-filing", view.AuditActions);
        Assert.Single(await p.Tasks("submit-implementation-plan"));
    }

    private static async Task JinhuaFilingObjected(Process p)
    {
        await p.Start("jinhua", Projects.Jinhua());
        await p.Complete("project-planning");
        await p.Complete("county-reserve-entry");
        var filing = await p.Task("city-reserve-filing");

        var refused = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new ObjectToFiling(filing.TaskId, " ", "city", p.Now)));
        Assert.Equal(EngineErrorKind.Invalid, refused.Kind);
        await p.Handle(new ObjectToFiling(filing.TaskId, "与已入库项目范围重叠", "city", p.Now));

        var view = await p.View();
        Assert.Equal(["project-planning"], view.OpenTasks.Select(t => t.StepId));
        Assert.Contains("filing.objected city-reserve-filing", view.AuditActions);
        await p.LaterByWorkingDays(15);
        Assert.DoesNotContain("filing.deemed-complete city-reserve-filing", (await p.View()).AuditActions);
    }

    private static async Task JinhuaGateBlocksThenPasses(Process p)
    {
        var facts = Projects.Jinhua().Facts.With(Projects.Figures(("ruralRevitalisationLand", 40m)));
        await p.Start("jinhua", Projects.Jinhua(facts));
        await p.Run(v => v.Status == InstanceStatus.Blocked || v.OpenTasks.Any(t => t.StepId == "review-sub-projects"));

        var blocked = await p.View();
        Assert.Equal(InstanceStatus.Blocked, blocked.Status);
        Assert.Contains("占", blocked.Reason);
        Assert.Contains("应不超过3%", blocked.Reason);
        Assert.Contains("超出10亩", blocked.Reason);
        Assert.Contains(new BookmarkView(BookmarkKind.Gate, "land-use-quota-gate"), blocked.Bookmarks);

        await p.Correct("乡村振兴用地按3%核减", Projects.Figures(("ruralRevitalisationLand", 30m)));
        var view = await p.View();
        Assert.Equal(InstanceStatus.Running, view.Status);
        Assert.Empty(view.Bookmarks.Where(b => b.Kind == BookmarkKind.Gate));
        Assert.Equal(2, (await p.Tasks("review-sub-projects")).Count);
    }

    private static async Task JinhuaCombinedApprovalReturns(Process p)
    {
        await p.Start("jinhua", Projects.Jinhua());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-sub-projects"));
        await p.CompleteEach("review-sub-projects");
        await p.Complete("feasibility-study-approval");
        Assert.Empty(await p.Tasks("submit-implementation-plan"));

        // The plan and the feasibility study are approved together: a returned plan sends both back.
        await p.Complete("plan-approval", outcome: Outcome.Return, opinion: "子项目布局与可研不一致");
        Assert.Equal(["submit-implementation-plan"], (await p.View()).OpenTasks.Select(t => t.StepId));

        await p.Complete("submit-implementation-plan");
        var again = await p.View();
        Assert.Equal(2, again.OpenTasks.Count(t => t.StepId == "review-sub-projects"));
        Assert.Single(again.OpenTasks, t => t.StepId == "feasibility-study-approval");
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    // ---- Ningbo (seed 003) ----------------------------------------------------------------------

    private static async Task NingboStraightPath(Process p)
    {
        await p.Start("ningbo", Projects.Ningbo());
        var end = await p.Run();
        Assert.Equal(InstanceStatus.Completed, end.Status);
        Assert.Equal(2, end.Letters.Count(l => l == "combined-review-opinion"));
        Assert.Contains("gate.passed policy-thresholds", end.AuditActions);
    }

    private static async Task NingboReturnAndResubmit(Process p)
    {
        await p.Start("ningbo", Projects.Ningbo());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-area-plan-and-proposal"));

        await p.Complete("review-area-plan-and-proposal", "agriculture-rural", Outcome.Return, "补充片区投融资方案");
        await p.Complete("review-area-plan-and-proposal", "water-resources");

        var returned = await p.View();
        Assert.Equal(["submit-area-plan-and-proposal"], returned.OpenTasks.Select(t => t.StepId));

        // Version 4: the combined opinion is issued on the return too, listing what must change (三.(八)).
        Assert.Equal(["combined-review-opinion"], returned.Letters);
        await p.Complete("submit-area-plan-and-proposal");
        Assert.Equal(2, (await p.Tasks("review-area-plan-and-proposal")).Count);
    }

    private static async Task NingboDeferralSuspends(Process p)
    {
        await p.Start("ningbo", Projects.Ningbo());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-area-plan-and-proposal"));
        var review = await p.Task("review-area-plan-and-proposal", "water-resources");
        await p.Handle(new AcceptWithDeferral(review.TaskId, ["片区投融资方案"], "clerk", p.Now));
        await p.CompleteEach("review-area-plan-and-proposal");
        await p.LaterByWorkingDays(11);

        var suspended = await p.View();
        Assert.Equal(InstanceStatus.Suspended, suspended.Status);
        var open = suspended.OpenTasks.First();
        var refused = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new CompleteTask(open.TaskId, Outcome.Approve, "同意", "clerk", p.Now)));
        Assert.Equal(EngineErrorKind.Conflict, refused.Kind);

        await p.Handle(new SupplementMaterial(review.TaskId, "片区投融资方案", "entity", p.Now));
        Assert.Equal(InstanceStatus.Running, (await p.View()).Status);
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    // ---- Ningxia (seed 004) ---------------------------------------------------------------------

    private static async Task NingxiaStraightPath(Process p)
    {
        await p.Start("ningxia", Projects.Ningxia());
        var end = await p.Run();
        Assert.Equal(InstanceStatus.Completed, end.Status);

        // Nothing goes up before every village has consented (seed 004 三.(八)).
        var lastConsent = end.AuditActions.ToList().FindLastIndex(a => a == "consent.recorded");
        var firstSubmission = end.AuditActions.ToList().FindIndex(a => a == "task.opened county-submission");
        var townApproval = end.AuditActions.ToList().FindIndex(a => a == "task.completed town-land-adjustment-approval");
        var countyApproval = end.AuditActions.ToList().FindIndex(a => a == "task.completed county-land-adjustment-approval");
        Assert.Equal(3, end.AuditActions.Count(a => a == "consent.recorded"));
        Assert.True(lastConsent < firstSubmission, "the plan went up before every village consented");
        Assert.True(lastConsent < townApproval && townApproval < countyApproval && countyApproval < firstSubmission,
            "the adjustment of contracted land was not approved by the township, then the county, between the consent and the submission");
        Assert.Contains("filing.deemed-complete file-farmland-adjustment", end.AuditActions);
        Assert.Equal(3, end.Letters.Count(l => l == "consent-resolution"));

        // Resettlement is confirmed before the old housing is demolished (五.(十六)).
        var confirmed = end.AuditActions.ToList().FindIndex(a => a == "task.completed confirm-resettlement");
        var demolition = end.AuditActions.ToList().FindIndex(a => a == "task.opened demolish-old-housing");
        Assert.True(confirmed >= 0 && confirmed < demolition);
    }

    private static async Task NingxiaConsentFailedThenPassed(Process p)
    {
        await p.Start("ningxia", Projects.Ningxia());
        await p.Run(v => v.OpenTasks.Count(t => t.StepId == "village-consent-vote") == 3);

        await p.Handle(new RecordConsent("640122201201", true, "通过", "village", p.Now));
        await p.Handle(new RecordConsent("640122201202", false, "同意票未达到三分之二", "village", p.Now));
        await p.Handle(new RecordConsent("640122201203", true, "通过", "village", p.Now));

        var waiting = await p.View();
        Assert.Equal(["640122201202"], waiting.OpenTasks.Select(t => t.ItemKey));
        Assert.Contains(new BookmarkView(BookmarkKind.Consent, "640122201202"), waiting.Bookmarks);
        Assert.Empty(await p.Tasks("county-submission"));

        await p.Handle(new RecordConsent("640122201202", true, "再次表决通过", "village", p.Now));

        // Version 3: the adjustment of contracted land is approved by the township, then the county (承包法 第二十八条), before it goes up.
        Assert.Equal(Party.Department("government", "640122201"), (await p.Task("town-land-adjustment-approval")).Assignee);
        Assert.Empty(await p.Tasks("county-submission"));
        await p.Complete("town-land-adjustment-approval");
        Assert.Equal(Party.Department("agriculture-rural", "640122"), (await p.Task("county-land-adjustment-approval")).Assignee);
        await p.Complete("county-land-adjustment-approval");
        Assert.Single(await p.Tasks("county-submission"));
    }

    private static async Task NingxiaFilingObjectedThenDeemed(Process p)
    {
        await p.Start("ningxia", Projects.Ningxia());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "file-farmland-adjustment"));
        var filing = await p.Task("file-farmland-adjustment");
        Assert.Equal(Party.Department("natural-resources", Jurisdictions.National), filing.Assignee);

        await p.Handle(new ObjectToFiling(filing.TaskId, "补划地块质量低于调出地块", "ministry", p.Now));
        Assert.Single(await p.Tasks("draft-plan"));

        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "file-farmland-adjustment"));
        await p.LaterByWorkingDays(21);
        var view = await p.View();
        Assert.Contains("filing.deemed-complete file-farmland-adjustment", view.AuditActions);
        Assert.Empty(await p.Tasks("file-farmland-adjustment"));
    }

    private static async Task NingxiaSignOffNeedsMeasuredFigures(Process p)
    {
        await p.Start("ningxia", Projects.Ningxia());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "sub-project-sign-off"));
        var task = await p.Task("sub-project-sign-off", "sp-farmland");

        var refused = await Assert.ThrowsAsync<EngineException>(() =>
            p.Handle(new CompleteTask(task.TaskId, Outcome.Approve, "合格", "clerk", p.Now, new Dictionary<string, decimal>())));
        Assert.Equal(EngineErrorKind.Invalid, refused.Kind);
        Assert.Contains("缺少实测数据：新增耕地面积", refused.Message);

        await p.Complete("sub-project-sign-off", "sp-farmland", figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 86.5m });
        Assert.Contains("task.completed sub-project-sign-off", (await p.View()).AuditActions);
    }

    private static async Task NingxiaRegionReturnsPlan(Process p)
    {
        await p.Start("ningxia", Projects.Ningxia());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "region-approval"));

        await p.Complete("region-approval", outcome: Outcome.Return, opinion: "补划地块需重新论证");
        Assert.Single(await p.Tasks("draft-plan"));

        // A revised plan goes back to the villages: nothing goes up again without their consent.
        var view = await p.Run(v => v.OpenTasks.Any(t => t.StepId == "county-submission"));
        Assert.Equal(6, view.AuditActions.Count(a => a == "consent.recorded"));
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    // ---- Shaoxing (seed 000) --------------------------------------------------------------------

    private static async Task ShaoxingCountyRoute(Process p)
    {
        await p.Start("shaoxing", Projects.Shaoxing());
        var end = await p.Run();
        Assert.Equal(InstanceStatus.Completed, end.Status);
        Assert.Contains("task.completed city-review-county-adjustment", end.AuditActions);
        Assert.DoesNotContain("task.opened county-review-township-adjustment", end.AuditActions);
        Assert.Contains("task.completed demolition-area-acceptance", end.AuditActions);
    }

    private static async Task ShaoxingTownshipRoute(Process p)
    {
        var facts = Projects.Shaoxing().Facts.With(Projects.Flags(("crossesTowns", false), ("inCentralUrbanArea", false)));
        await p.Start("shaoxing", Projects.Shaoxing(facts));
        var end = await p.Run();
        Assert.Equal(InstanceStatus.Completed, end.Status);
        Assert.Contains("task.completed county-review-township-adjustment", end.AuditActions);
        Assert.DoesNotContain("task.opened city-review-county-adjustment", end.AuditActions);
    }

    private static async Task ShaoxingReturnAndResubmit(Process p)
    {
        await p.Start("shaoxing", Projects.Shaoxing());
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "department-plan-review"));

        await p.Complete("department-plan-review", "housing-construction", Outcome.Return, "村庄风貌提升方案需补充");
        await p.Complete("department-plan-review", "agriculture-rural");
        await p.Complete("department-plan-review", "water-resources");

        Assert.Equal(["draft-plan"], (await p.View()).OpenTasks.Select(t => t.StepId));
        var again = await p.Run(v => v.OpenTasks.Any(t => t.StepId == "department-plan-review"));
        Assert.Equal(3, again.OpenTasks.Count(t => t.StepId == "department-plan-review"));
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    private static async Task ShaoxingConsentFailedThenPassed(Process p)
    {
        await p.Start("shaoxing", Projects.Shaoxing());
        await p.Run(v => v.OpenTasks.Count(t => t.StepId == "villagers-consent") == 2);

        await p.Handle(new RecordConsent("330681104201", false, "到会人数未过半数，会议无效", "village", p.Now));
        await p.Handle(new RecordConsent("330681104202", true, "通过", "village", p.Now));
        Assert.Empty(await p.Tasks("department-plan-review"));

        await p.Handle(new RecordConsent("330681104201", true, "重新召开会议，通过", "village", p.Now));
        Assert.Equal(3, (await p.Tasks("department-plan-review")).Count);
    }
}
