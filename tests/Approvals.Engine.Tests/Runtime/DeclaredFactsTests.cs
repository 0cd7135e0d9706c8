using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Scenarios;

namespace Approvals.Engine.Tests.Runtime;

/// <summary>
/// A safeguard is never skipped by silence: every yes/no fact a process's branches and gates read must be declared before
/// it starts, unless the catalogue says what an undeclared one means (consolidation projects are government-invested).
/// </summary>
public sealed class DeclaredFactsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static Transition Start(string definition, ProjectSnapshot project) =>
        WorkflowEngine.Start(ScenarioWorkflows.Definitions[definition], project, Guid.NewGuid(), "starter", Now, ScenarioWorkflows.Context());

    [Fact]
    public void A_flag_a_branch_reads_must_be_declared_before_the_start_and_is_named_where_the_project_gives_it()
    {
        // 绍兴: whether the area holds cultural heritage decides whether the heritage review runs; whether it lies in the central urban area, the route.
        var silent = Projects.Shaoxing() with { Facts = Projects.Shaoxing().Facts with { Flags = new Dictionary<string, bool> { ["crossesTowns"] = true, ["involvesDemolition"] = true, ["crossTownPilot"] = true } } };

        var refused = Assert.Throws<EngineException>(() => Start("shaoxing", silent));

        Assert.Equal(EngineErrorKind.Invalid, refused.Kind);
        Assert.Equal(["facts.flags.inCentralUrbanArea", "facts.flags.involvesCulturalHeritage"], refused.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Contains("涉及文物、历史建筑、工业遗产等历史文化资源", refused.Message, StringComparison.Ordinal);
        Assert.All(refused.Problems, p => Assert.Contains("（是或否）", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_figure_a_branch_chooses_its_path_by_must_be_given_before_the_start()
    {
        // 宁波: how much permanent farmland is adjusted decides whose approval the adjustment needs.
        var numbers = Projects.Ningbo().Facts.Numbers.Where(n => n.Key != "permanentFarmlandAdjusted").ToDictionary(n => n.Key, n => n.Value);
        var silent = Projects.Ningbo() with { Facts = Projects.Ningbo().Facts with { Numbers = numbers } };

        var refused = Assert.Throws<EngineException>(() => Start("ningbo", silent));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal("facts.numbers.permanentFarmlandAdjusted", problem.Field);
        Assert.StartsWith("请填写永久基本农田调整面积（亩）", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["permanentFarmlandAdjusted"], FactsRead.BranchFigures(ScenarioWorkflows.Definitions["ningbo"]));
    }

    [Fact]
    public void A_declared_no_is_as_good_as_a_yes_and_the_process_starts()
    {
        var transition = Start("shaoxing", Projects.Shaoxing());

        Assert.False(transition.State.Project.Facts.Flags["involvesCulturalHeritage"]);
        Assert.Contains(transition.Effects, e => e is TaskOpened);
    }

    [Fact]
    public void An_undeclared_flag_with_a_catalogue_default_takes_it_and_routes_by_it()
    {
        // 金华: consolidation projects are government-invested unless declared otherwise, so the feasibility study is approved (发改 审批).
        var flags = Projects.Jinhua().Facts.Flags.Where(f => f.Key != "governmentInvested").ToDictionary(f => f.Key, f => f.Value);
        var project = Projects.Jinhua() with { Facts = Projects.Jinhua().Facts with { Flags = flags } };

        var transition = Start("jinhua", project);

        Assert.True(ScenarioWorkflows.Catalogue.Fact("governmentInvested")!.Default);
        Assert.True(transition.State.Project.Facts.Flags["governmentInvested"]);
        Assert.Null(ScenarioWorkflows.Catalogue.Fact("investmentApprovalRequired")!.Default);
    }

    [Fact]
    public void Each_definition_reads_the_flags_its_safeguards_turn_on()
    {
        Assert.Equal(["adjustsFarmlandInDevelopmentBoundary", "crossCountyQuotaTransfer", "involvesDemolition", "optimisesThreeZonesThreeLines"],
            FactsRead.Flags(ScenarioWorkflows.Definitions["ningxia"]).Order(StringComparer.Ordinal));
        Assert.Contains("involvesCulturalHeritage", FactsRead.Flags(ScenarioWorkflows.Definitions["shaoxing"]));
        Assert.Equal(["governmentInvested", "investmentApprovalRequired", "meetsHighStandardFarmland"],
            FactsRead.Flags(ScenarioWorkflows.Definitions["jinhua"]).Order(StringComparer.Ordinal));
        Assert.Empty(FactsRead.Flags(ScenarioWorkflows.Definitions["jiaxing"]));
    }
}
