using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Xunit;

namespace Approvals.Scenarios;

/// <summary>
/// 项目更正 per region: a gate that fails (or lacks a figure) blocks until the figure is corrected, then the project moves
/// on; a department's return asks for a changed sub-project list; a confirming department moves a sub-project out of the
/// area. Corrections are refused while nobody waits for them, and lists cannot change under a forEach that runs over them.
/// </summary>
public static class CorrectionScenarios
{
    public static IReadOnlyDictionary<string, Func<Process, Task>> All { get; } = new Dictionary<string, Func<Process, Task>>
    {
        ["ningbo: a blank town farmland figure blocks the 3% check until the entity supplies it"] = NingboBlankFigureSupplied,
        ["ningxia: a 6% adjustment blocks by 10 亩 under 四.(十一); corrected to exactly 5% the plan goes to the villages"] = NingxiaAdjustmentCorrectedToTheLimit,
        ["shaoxing: works area 10 亩 short of 8% blocks; the corrected figure passes and the next gate is judged"] = ShaoxingWorksAreaCorrected,
        ["jiaxing: a department returns the confirmation for a missing sub-project; the corrected list is confirmed by every department again"] = JiaxingSubProjectListCorrected,
        ["jiaxing: a confirming department moves its sub-project out of the area; it is never built or accepted here"] = JiaxingSubProjectMovedOutOfArea,
        ["jiaxing: corrections are refused while departments decide, and lists cannot change under a running review"] = JiaxingCorrectionsRefused,
    };

    private static async Task NingboBlankFigureSupplied(Process p)
    {
        var figures = Projects.Figures(("permanentFarmlandAdjusted", 30m), ("newFarmlandArea", 100m), ("farmlandArea", 1500m), ("permanentFarmlandAdded", 5m));
        await p.Start("ningbo", Projects.Ningbo(figures));
        var blocked = await p.Run(v => v.Status == InstanceStatus.Blocked);

        Assert.Equal(InstanceStatus.Blocked, blocked.Status);
        Assert.Contains("缺少所在乡镇永久基本农田面积", blocked.Reason);
        Assert.Contains("宁波市", blocked.Reason);

        await p.Correct("补充所涉乡镇永久基本农田划定面积", Projects.Figures(("townPermanentFarmlandArea", 1000m)));
        var moving = await p.View();
        Assert.Equal(InstanceStatus.Running, moving.Status);
        Assert.Contains("project.corrected", moving.AuditActions.Select(a => a.Split(' ')[0]));
        Assert.Contains("gate.passed policy-thresholds", moving.AuditActions);
        Assert.Equal(2, (await p.Tasks("review-unit-plan-and-feasibility-study")).Count);
    }

    private static async Task NingxiaAdjustmentCorrectedToTheLimit(Process p)
    {
        await p.Start("ningxia", Projects.Ningxia(Projects.Figures(("permanentFarmlandAdjusted", 60m), ("townPermanentFarmlandArea", 1000m))));
        var blocked = await p.Run(v => v.Status == InstanceStatus.Blocked);

        Assert.Contains("永久基本农田调整面积60占所在乡镇永久基本农田面积1000的6%，应不超过5%，超出10亩", blocked.Reason);
        Assert.Contains("四.(十一)", blocked.Reason);

        // Still 0.1 亩 over: blocked again, saying by how much.
        await p.Correct("核减调整面积", Projects.Figures(("permanentFarmlandAdjusted", 50.1m)));
        Assert.Contains("超出0.1亩", (await p.View()).Reason);

        await p.Correct("按5%上限核定调整面积", Projects.Figures(("permanentFarmlandAdjusted", 50m)));
        var view = await p.View();
        Assert.Equal(InstanceStatus.Running, view.Status);
        Assert.Equal(3, (await p.Tasks("publicise-plan-in-village")).Count);
        Assert.Equal(3, p.DataVersion);
    }

    private static async Task ShaoxingWorksAreaCorrected(Process p)
    {
        var facts = Projects.Shaoxing().Facts.With(Projects.Figures(("contiguousFarmlandWorksArea", 70m), ("constructionLandAfter", 520m)));
        await p.Start("shaoxing", Projects.Shaoxing(facts));
        var blocked = await p.Run(v => v.Status == InstanceStatus.Blocked);
        Assert.Contains("应不低于8%，尚差10亩", blocked.Reason);
        Assert.Contains("绍政发〔2023〕6号 三（一）", blocked.Reason);

        // The works area passes; the construction land total, judged next on the same figures, now blocks in its turn.
        await p.Correct("补充沟渠路配套面积", Projects.Figures(("contiguousFarmlandWorksArea", 80m)));
        var next = await p.View();
        Assert.Contains("gate.passed contiguous-farmland-share-gate", next.AuditActions);
        Assert.Equal(InstanceStatus.Blocked, next.Status);
        Assert.Contains("整治后片区建设用地总量520占整治前片区建设用地总量500的104%，应不超过100%，超出20亩", next.Reason);

        await p.Correct("建新区规模核减", Projects.Figures(("constructionLandAfter", 500m)));
        Assert.Equal(InstanceStatus.Running, (await p.View()).Status);
        Assert.Contains("gate.passed construction-land-total-gate", (await p.View()).AuditActions);
    }

    private static async Task JiaxingSubProjectListCorrected(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Complete("select-sub-projects");

        // While the departments confirm, the process waits on them, not on the entity: no correction.
        var early = await Assert.ThrowsAsync<EngineException>(() => p.Correct("增加子项目", subProjects: Projects.Jiaxing().SubProjects));
        Assert.Equal(EngineErrorKind.Conflict, early.Kind);
        Assert.EndsWith("流程当前在：确认在建、拟同步建设及不开展的子项目", early.Message);

        await p.Complete("confirm-sub-projects", "agriculture-rural", Outcome.Return, "项目区内农田防护林应列为子项目，由林业部门确认");
        await p.Complete("confirm-sub-projects", "transport");
        await p.Complete("confirm-sub-projects", "water-resources");
        Assert.Equal(["select-sub-projects"], (await p.View()).OpenTasks.Select(t => t.StepId));

        await p.Correct("按农业农村部门意见增加农田防护林子项目",
            subProjects: [.. Projects.Jiaxing().SubProjects, new SubProject("sp-shelterbelt", "农田防护林", "forestry", SubProjectPlans.Concurrent)]);
        await p.Complete("select-sub-projects");

        var confirmations = await p.Tasks("confirm-sub-projects");
        Assert.Equal(["agriculture-rural", "forestry", "transport", "water-resources"], confirmations.Select(t => t.Assignee.Code).Order(StringComparer.Ordinal));
        await p.CompleteEach("confirm-sub-projects");
        var built = await p.Run(v => v.OpenTasks.Any(t => t.StepId == "single-item-acceptance"));
        Assert.Equal(["sp-farmland", "sp-river", "sp-road", "sp-shelterbelt"], built.OpenTasks.Where(t => t.StepId == "single-item-acceptance").Select(t => t.ItemKey).Order(StringComparer.Ordinal));
    }

    private static async Task JiaxingSubProjectMovedOutOfArea(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        await p.Complete("select-sub-projects");

        // A department moves only its own sub-projects, to one of the three lists.
        var foreign = await Assert.ThrowsAsync<EngineException>(() => p.ConfirmMoving("transport", new Dictionary<string, string> { ["sp-river"] = SubProjectPlans.NotInArea }));
        Assert.Equal("subProjectPlans.sp-river", foreign.Field);
        var unknown = await Assert.ThrowsAsync<EngineException>(() => p.ConfirmMoving("transport", new Dictionary<string, string> { ["sp-road"] = "postponed" }));
        Assert.Equal("subProjectPlans.sp-road", unknown.Field);

        await p.ConfirmMoving("transport", new Dictionary<string, string> { ["sp-road"] = SubProjectPlans.NotInArea });
        Assert.Contains("sub-projects.moved", (await p.View()).AuditActions.Select(a => a.Split(' ')[0]));
        await p.CompleteEach("confirm-sub-projects");

        var acceptances = await p.Run(v => v.OpenTasks.Any(t => t.StepId == "single-item-acceptance"));
        Assert.Equal(["sp-farmland", "sp-river"], acceptances.OpenTasks.Where(t => t.StepId == "single-item-acceptance").Select(t => t.ItemKey).Order(StringComparer.Ordinal));
        Assert.Equal(InstanceStatus.Completed, (await p.Run()).Status);
    }

    private static async Task JiaxingCorrectionsRefused(Process p)
    {
        await p.Start("jiaxing", Projects.Jiaxing());
        var noReason = await Assert.ThrowsAsync<EngineException>(() => p.Correct(" ", Projects.Figures(("farmlandArea", 1200m))));
        Assert.Equal("reason", noReason.Field);

        var stale = await Assert.ThrowsAsync<EngineException>(() =>
            p.Handle(new CorrectProject(new ProjectCorrection(p.DataVersion, Projects.Figures(("farmlandArea", 1200m))), "重复提交", "entity", p.Now)));
        Assert.Equal(EngineErrorKind.Conflict, stale.Kind);

        // 容缺: while a material is due the entity may correct figures, but not the sub-projects the departments are reviewing.
        await p.Run(v => v.OpenTasks.Any(t => t.StepId == "review-plan"));
        var review = await p.Task("review-plan", "water-resources");
        await p.Handle(new AcceptWithDeferral(review.TaskId, ["子项目施工图设计"], "clerk", p.Now));
        await p.Correct("更正耕地面积", Projects.Figures(("farmlandArea", 1200m)));
        var underReview = await Assert.ThrowsAsync<EngineException>(() => p.Correct("删除子项目", subProjects: [Projects.Jiaxing().SubProjects[0]]));
        Assert.Equal(EngineErrorKind.Conflict, underReview.Kind);
        Assert.Equal("subProjects", underReview.Field);
        Assert.Equal(2, p.DataVersion);
    }
}
