using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Scenarios;

namespace Approvals.Engine.Tests.Runtime;

/// <summary>
/// What an acceptance records for its opinion: the figures measured and who took part. Ningxia (seed 004 三.(九))
/// encourages villagers' representatives among the participants, and a definition may require them.
/// </summary>
public sealed class AcceptanceRecordTests
{
    private static readonly Participant Clerk = new("王建国", "department", "贺兰县农业农村局");
    private static readonly Participant Villager = new("马福生", Participant.VillageRepresentative, "四十里店村");
    private static readonly Dictionary<string, decimal> Measured = new() { ["newFarmlandArea"] = 86.5m };
    private static readonly Measurement Surveyed = new(Measurement.OnSite, "贺兰县国土测绘队 马立");

    /// <summary>Ningxia version 2 with its encouragement turned into a requirement.</summary>
    private static WorkflowDefinition RequiringRepresentatives()
    {
        var source = ScenarioWorkflows.Sources().Single(s => s.File.EndsWith("ningxia.v2.json", StringComparison.Ordinal));
        var result = ScenarioWorkflows.Loader.Load([source with { Json = source.Json.Replace("\"villageRepresentatives\": \"encouraged\"", "\"villageRepresentatives\": \"required\"", StringComparison.Ordinal) }]);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return Assert.Single(result.Definitions);
    }

    private static async Task<(Process Process, InMemoryProcessDriver Driver, OpenTaskView SignOff)> AtSignOffAsync(WorkflowDefinition? definition = null)
    {
        var driver = new InMemoryProcessDriver(definition);
        var process = new Process(driver);
        await process.Start("ningxia", Projects.Ningxia());
        await process.Run(v => v.OpenTasks.Any(t => t.StepId == "sub-project-sign-off"));
        return (process, driver, await process.Task("sub-project-sign-off", "sp-farmland"));
    }

    [Fact]
    public void The_definition_says_where_representatives_are_encouraged_and_the_first_version_says_nothing()
    {
        Assert.Equal(Participation.Encouraged, Assert.IsType<SignOffStep>(ScenarioWorkflows.Definition("ningxia", 2).Find("sub-project-sign-off")).VillageRepresentatives);
        Assert.Equal(Participation.Encouraged, Assert.IsType<AcceptanceStep>(ScenarioWorkflows.Definition("ningxia", 2).Find("overall-acceptance")).VillageRepresentatives);
        Assert.Equal(Participation.None, Assert.IsType<SignOffStep>(ScenarioWorkflows.Definition("ningxia", 1).Find("sub-project-sign-off")).VillageRepresentatives);
        Assert.Equal(Participation.Required, Assert.IsType<SignOffStep>(RequiringRepresentatives().Find("sub-project-sign-off")).VillageRepresentatives);
    }

    [Fact]
    public async Task Where_representatives_are_required_an_acceptance_without_one_is_refused_naming_the_participants()
    {
        var (p, driver, signOff) = await AtSignOffAsync(RequiringRepresentatives());

        var refused = await Assert.ThrowsAsync<EngineException>(() =>
            p.Handle(new CompleteTask(signOff.TaskId, Outcome.Approve, "合格", "clerk", p.Now, Measured, [Clerk], Measurement: Surveyed)));
        Assert.Equal(EngineErrorKind.Invalid, refused.Kind);
        Assert.Equal("participants", refused.Field);
        Assert.Contains("村民（群众）代表", refused.Message, StringComparison.Ordinal);

        await p.Handle(new CompleteTask(signOff.TaskId, Outcome.Approve, "合格", "clerk", p.Now, Measured, [Clerk, Villager], Measurement: Surveyed));
        var record = driver.State.Activities.Last(a => a.TaskId == signOff.TaskId);
        Assert.Equal([Clerk, Villager], record.Participants);
        Assert.Equal(86.5m, record.Figures!["newFarmlandArea"]);
    }

    [Fact]
    public async Task Where_representatives_are_required_a_sign_off_that_does_not_pass_needs_none()
    {
        var (p, driver, signOff) = await AtSignOffAsync(RequiringRepresentatives());

        await p.Handle(new CompleteTask(signOff.TaskId, Outcome.Return, "排水沟未完工", "clerk", p.Now));
        Assert.Null(driver.State.Activities.Last(a => a.TaskId == signOff.TaskId).Participants);
    }

    [Fact]
    public async Task Where_representatives_are_encouraged_the_acceptance_passes_without_them_and_records_whoever_took_part()
    {
        var (p, driver, signOff) = await AtSignOffAsync();

        await p.Handle(new CompleteTask(signOff.TaskId, Outcome.Approve, "合格", "clerk", p.Now, Measured, [Clerk], Measurement: Surveyed));
        Assert.Equal([Clerk], driver.State.Activities.Last(a => a.TaskId == signOff.TaskId).Participants);
        Assert.Contains("task.completed sub-project-sign-off", (await p.View()).AuditActions);
    }

    [Fact]
    public async Task Only_acceptances_take_participants()
    {
        var driver = new InMemoryProcessDriver();
        var p = new Process(driver);
        await p.Start("ningxia", Projects.Ningxia());
        var first = (await p.View()).OpenTasks.First();

        var refused = await Assert.ThrowsAsync<EngineException>(() =>
            p.Handle(new CompleteTask(first.TaskId, Outcome.Approve, "同意", "clerk", p.Now, Participants: [Clerk])));
        Assert.Equal("participants", refused.Field);
    }

    [Fact]
    public async Task Figures_the_step_does_not_ask_for_are_kept_when_the_catalogue_knows_them()
    {
        var (p, driver, signOff) = await AtSignOffAsync();

        await p.Handle(new CompleteTask(signOff.TaskId, Outcome.Approve, "合格", "clerk", p.Now,
            new Dictionary<string, decimal> { ["newFarmlandArea"] = 86.5m, ["constructionLandReclaimed"] = 12m }, Measurement: Surveyed));
        var figures = driver.State.Activities.Last(a => a.TaskId == signOff.TaskId).Figures!;
        Assert.Equal(86.5m, figures["newFarmlandArea"]);
        Assert.Equal(12m, figures["constructionLandReclaimed"]);
    }

    [Theory]
    [InlineData("noSuchFigure", 1)]
    [InlineData("involvesDemolition", 1)]
    [InlineData("constructionLandReclaimed", -1)]
    public async Task A_figure_the_catalogue_does_not_know_as_a_number_or_a_negative_one_is_refused_by_its_path(string code, int value)
    {
        var (p, _, signOff) = await AtSignOffAsync();

        var refused = await Assert.ThrowsAsync<EngineException>(() => p.Handle(new CompleteTask(signOff.TaskId, Outcome.Approve, "合格", "clerk", p.Now,
            new Dictionary<string, decimal> { ["newFarmlandArea"] = 86.5m, [code] = value })));
        Assert.Equal(EngineErrorKind.Invalid, refused.Kind);
        Assert.Equal($"figures.{code}", refused.Field);
    }
}
