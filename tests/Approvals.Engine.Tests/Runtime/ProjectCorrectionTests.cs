using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Scenarios;

namespace Approvals.Engine.Tests.Runtime;

/// <summary>项目更正 as the engine records it: a new data version, what changed, and decisions naming the version they were made on.</summary>
public sealed class ProjectCorrectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static Transition Start() =>
        WorkflowEngine.Start(ScenarioWorkflows.Definitions["jiaxing"], Projects.Jiaxing() with { DataVersion = 2 }, Guid.NewGuid(), "starter", Now, ScenarioWorkflows.Context());

    private static Transition Handle(InstanceState state, Command command) =>
        WorkflowEngine.Handle(ScenarioWorkflows.Definitions["jiaxing"], state, command, ScenarioWorkflows.Context());

    [Fact]
    public void A_decision_after_a_correction_records_the_corrected_version_and_one_before_it_the_version_it_started_on()
    {
        var started = Start();
        var select = started.Effects.OfType<TaskOpened>().Single();

        var corrected = Handle(started.State, new CorrectProject(
            new ProjectCorrection(3, Projects.Figures(("farmlandArea", 1520m))), "按实测更正耕地面积", "entity", Now.AddHours(1)));
        var decided = Handle(corrected.State, new CompleteTask(select.TaskId, Outcome.Approve, "已选定", "entity", Now.AddHours(2)));

        Assert.Equal(3, corrected.State.Project.DataVersion);
        Assert.Equal(3, decided.Effects.OfType<TaskClosed>().Single().ProjectVersion);
        Assert.Equal("3", decided.Effects.OfType<Audited>().Single(a => a.Action == "task.completed").Details["projectVersion"]);

        var confirmation = decided.Effects.OfType<TaskOpened>().First();
        var untouched = Handle(decided.State, new CompleteTask(confirmation.TaskId, Outcome.Approve, "确认", "clerk", Now.AddHours(3)));
        Assert.Equal(3, untouched.Effects.OfType<TaskClosed>().Single().ProjectVersion);
    }

    [Fact]
    public void A_correction_is_audited_with_its_reason_and_what_changed_and_announced_to_departments()
    {
        var started = Start();

        var corrected = Handle(started.State, new CorrectProject(
            new ProjectCorrection(3, Projects.Figures(("farmlandArea", 1520m)), SubProjects: [Projects.Jiaxing().SubProjects[0]]), "按实测更正", "entity", Now));

        var audit = corrected.Effects.OfType<Audited>().Single(a => a.Action == "project.corrected");
        Assert.Equal("按实测更正", audit.Reason);
        Assert.Equal("3", audit.Details["version"]);
        Assert.Equal("项目区现状耕地面积 1520；子项目 3→1个", audit.Details["changed"]);
        var message = corrected.Effects.OfType<MessagePublished>().Single(m => m.Type == MessageTypes.ProjectCorrected);
        Assert.Equal("按实测更正", message.Data["reason"]);
        Assert.Equal(["agriculture-rural"], corrected.State.Project.DepartmentsWithSubProjects);
    }

    [Fact]
    public void A_refused_correction_changes_nothing()
    {
        var started = Start();
        var before = started.State.Project;

        var refused = Assert.Throws<EngineException>(() => Handle(started.State, new CorrectProject(
            new ProjectCorrection(3, Projects.Figures(("noSuchFigure", 1m))), "更正", "entity", Now)));

        Assert.Equal("facts.numbers.noSuchFigure", refused.Field);
        Assert.Same(before, started.State.Project);
    }
}
