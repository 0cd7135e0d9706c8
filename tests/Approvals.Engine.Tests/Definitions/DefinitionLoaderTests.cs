using System.Text.Json.Nodes;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Tests.Definitions;

public class DefinitionLoaderTests
{
    private const string File = "definitions/jiaxing.v1.json";

    private static DefinitionLoadResult LoadJiaxing(Action<JsonObject> change)
    {
        var document = JsonNode.Parse(Workflows.Definition("jiaxing"))!.AsObject();
        change(document);
        return Workflows.Loader.Load([new DefinitionSource(File, document.ToJsonString())]);
    }

    private static JsonObject Step(JsonObject definition, int index) => definition["steps"]![index]!.AsObject();

    private static void AssertRejected(DefinitionLoadResult result, string path, string fragment)
    {
        Assert.False(result.IsValid);
        Assert.Empty(result.Definitions);
        Assert.All(result.Errors, e => Assert.Equal(File, e.File));
        Assert.True(result.Errors.Any(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected an error at {path} containing \"{fragment}\"; got:\n{string.Join('\n', result.Errors)}");
    }

    [Fact]
    public void Every_definition_in_the_workflows_folder_loads()
    {
        var result = Workflows.Loader.Load(Workflows.AllDefinitions());

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.Contains(result.Definitions, d => d.Key == "jiaxing@1");
        Assert.Contains(result.Definitions, d => d.Key == "jiaxing@2");
        Assert.All(result.Definitions, d => Assert.All(d.AllSteps(), s => Assert.False(string.IsNullOrWhiteSpace(s.Seed), $"{d.Id}: step {s.Id} cites no seed section")));
    }

    [Fact]
    public void The_Jiaxing_definition_reads_as_the_seed_describes_it()
    {
        var result = Workflows.Loader.Load([new DefinitionSource(File, Workflows.Definition("jiaxing"))]);
        var jiaxing = Assert.Single(result.Definitions);

        Assert.Equal("330400", jiaxing.Region.Code);
        var confirmations = Assert.IsType<ParallelStep>(jiaxing.Find("department-confirmations"));
        Assert.Equal("departmentsWithSubProjects", confirmations.ForEach);
        Assert.Equal(JoinRule.AllApproveElseReturn, confirmations.Join.Rule);
        var review = Assert.IsType<ReviewStep>(jiaxing.Find("review-plan"));
        Assert.Equal(20, review.TimeLimitWorkingDays);
        Assert.Equal(DeferralConsequence.NotApproved, review.Deferral!.OnMissed);
        Assert.Equal(["single-item-acceptances"], Assert.IsType<AcceptanceStep>(jiaxing.Find("county-overall-acceptance")).RollsUp);
        Assert.IsType<BatchStep>(jiaxing.Find("city-unified-acceptance"));
    }

    [Fact]
    public void Jiaxing_version_2_is_version_1_with_the_villages_consent_before_the_joint_review()
    {
        var result = Workflows.Loader.Load([
            new DefinitionSource(File, Workflows.Definition("jiaxing")),
            new DefinitionSource("definitions/jiaxing.v2.json", Workflows.Definition("jiaxing", 2))]);
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        var v1 = Assert.Single(result.Definitions, d => d.Version == 1);
        var v2 = Assert.Single(result.Definitions, d => d.Version == 2);

        var inserted = new[] { "village-consent", "village-opinions", "village-consent-vote", "issue-consent-resolution" };
        Assert.Equal(v1.AllSteps().Select(s => s.Id), v2.AllSteps().Select(s => s.Id).Except(inserted));
        Assert.Equal(
            ["select-sub-projects", "department-confirmations", "establishment-approval", "implementation-plan", "village-consent", "joint-plan-review"],
            v2.Steps.Take(6).Select(s => s.Id));

        var consent = Assert.IsType<ParallelStep>(v2.Find("village-consent"));
        Assert.Equal("affectedVillages", consent.ForEach);
        Assert.Equal(JoinRule.AllApproveElseReturn, consent.Join.Rule);
        Assert.Equal("implementation-plan", consent.ReturnTo);
        Assert.Equal(["village-opinions", "village-consent-vote", "issue-consent-resolution"], consent.Body.Select(s => s.Id));
        var opinions = Assert.IsType<ReviewStep>(consent.Body[0]);
        Assert.Equal("village-committee", opinions.Assignee.Role);
        var vote = Assert.IsType<ConsentVoteStep>(consent.Body[1]);
        Assert.Equal(("land-contracting-two-thirds", 20), (vote.Rule, vote.TimeLimitWorkingDays));
        var resolution = Assert.IsType<LetterStep>(consent.Body[2]);
        Assert.Equal(("consent-resolution", "village-committee"), (resolution.Document, resolution.Assignee.Role));

        // Honest about its source: the seed does not prescribe the vote; the law does.
        Assert.Contains("种子文件未规定", consent.Seed, StringComparison.Ordinal);
        Assert.Contains("《农村土地承包法》第二十八条", vote.Seed, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<JsonObject>, string, string> BrokenDefinitions => new()
    {
        { "unknown activity", d => Step(d, 3)["activity"] = "frobnicate", "$.steps[3].activity", "unknown activity 'frobnicate'" },
        { "activity missing", d => Step(d, 3).Remove("activity"), "$.steps[3].activity", "required" },
        { "misspelt property", d => Step(d, 0)["timelimit"] = "5 working days", "$.steps[0].timelimit", "'timelimit' is not a known property" },
        { "parallel without a join rule", d => Step(d, 1).Remove("join"), "$.steps[1].join", "required" },
        { "unknown join rule", d => Step(d, 8)["join"] = new JsonObject { ["rule"] = "most" }, "$.steps[8].join.rule", "not one of: all, any, n-of-m" },
        { "time limit in calendar days", d => Step(d, 2)["timeLimit"] = "20 days", "$.steps[2].timeLimit", "'20 days' is not a time limit in working days" },
        { "unknown outcome", d => Step(d, 2)["outcomes"] = new JsonArray("approve", "maybe"), "$.steps[2].outcomes[1]", "not one of: approve, reject, return" },
        { "id not kebab-case", d => Step(d, 0)["id"] = "Select_Sub", "$.steps[0].id", "does not match" },
        { "unknown department", d => Step(d, 2)["assignee"]!["department"] = "police", "$.steps[2].assignee.department", "unknown department 'police'" },
        { "department without level", d => Step(d, 2)["assignee"]!.AsObject().Remove("level"), "$.steps[2].assignee.level", "needs its level of government" },
        { "$item outside a forEach", d => Step(d, 2)["assignee"] = new JsonObject { ["department"] = "$item" }, "$.steps[2].assignee.department", "there is none here" },
        { "unknown role", d => Step(d, 0)["assignee"]!["role"] = "mayor", "$.steps[0].assignee.role", "unknown role 'mayor'" },
        { "return to a later step", d => Step(d, 2)["returnTo"] = "construction", "$.steps[2].returnTo", "'construction' does not run before 'establishment-approval'" },
        { "return to no step", d => Step(d, 2)["returnTo"] = "nowhere", "$.steps[2].returnTo", "no step has the id 'nowhere'" },
        { "return outcome without returnTo", d => Step(d, 2).Remove("returnTo"), "$.steps[2].returnTo", "needs returnTo" },
        { "returning join without returnTo", d => Step(d, 1).Remove("returnTo"), "$.steps[1].returnTo", "name the step it returns to" },
        { "sub-project confirmation outside the departments' forEach", d => Step(d, 2)["confirmsSubProjects"] = true, "$.steps[2].confirmsSubProjects", "a department confirms its own sub-projects" },
        { "deferral held until a step that runs before", d => Step(d, 4)["steps"]![0]!["deferral"]!["until"] = "implementation-plan", "$.steps[4].steps[0].deferral.until", "does not run after 'review-plan'" },
        { "deferral held until no step", d => Step(d, 4)["steps"]![0]!["deferral"]!["until"] = "nowhere", "$.steps[4].steps[0].deferral.until", "no step has the id 'nowhere'" },
        { "batch sending to rectify at a later step", d => Step(d, 12)["returnTo"] = "handover-for-maintenance", "$.steps[12].returnTo", "does not run before" },
        { "exception to a check decided by an unknown body", d => Insert(d, Gate(new JsonObject { ["of"] = "newFarmlandArea", ["to"] = "farmlandArea" }, new JsonObject { ["assignee"] = new JsonObject { ["department"] = "council", ["level"] = "city" }, ["timeLimit"] = "20 working days" })), "$.steps[0].checks[0].exception.assignee.department", "unknown department 'council'" },
        { "n-of-m without n", d => Step(d, 8)["join"] = new JsonObject { ["rule"] = "n-of-m" }, "$.steps[8].join.n", "needs n" },
        { "step id used twice", d => Step(d, 3)["id"] = "construction", "$.steps[6].id", "'construction' is used more than once" },
        { "roll-up of a later step", d => Step(d, 10)["rollsUp"] = new JsonArray("city-unified-acceptance"), "$.steps[10].rollsUp[0]", "does not run before" },
        { "unknown batch kind", d => Step(d, 12)["batchKind"] = "provincial-lottery", "$.steps[12].batchKind", "unknown batch kind" },
        { "unknown document", d => Step(d, 5)["document"] = "poem", "$.steps[5].document", "unknown document 'poem'" },
        { "consent vote outside a village", d => Insert(d, ConsentVote("show-of-hands")), "$.steps[0]", "a consent vote belongs to one village" },
        { "unknown consent rule", d => Insert(d, Villages(ConsentVote("show-of-hands"))), "$.steps[0].steps[0].rule", "unknown consent rule 'show-of-hands'" },
        { "case after otherwise", d => Insert(d, Branch(When("crossesTowns", true), Otherwise(), When("inCentralUrbanArea", true))), "$.steps[0].cases[2]", "unreachable" },
        { "case repeating a condition", d => Insert(d, Branch(When("crossesTowns", true), When("crossesTowns", true), Otherwise())), "$.steps[0].cases[1].when", "unreachable" },
        { "branch without otherwise", d => Insert(d, Branch(When("crossesTowns", true), When("inCentralUrbanArea", true))), "$.steps[0].cases", "needs an otherwise case" },
        { "condition on an unknown fact", d => Insert(d, Branch(When("hasDragons", true), Otherwise())), "$.steps[0].cases[0].when.fact", "unknown fact 'hasDragons'" },
        { "yes/no fact compared as a number", d => Insert(d, Branch(new JsonObject { ["name"] = "大", ["when"] = new JsonObject { ["fact"] = "crossesTowns", ["atLeast"] = 1 }, ["steps"] = Steps() }, Otherwise())), "$.steps[0].cases[0].when", "is yes/no" },
        { "gate ratio of an unknown fact", d => Insert(d, Gate(new JsonObject { ["of"] = "magic", ["to"] = "farmlandArea" })), "$.steps[0].checks[0].ratio.of", "unknown fact 'magic'" },
    };

    [Theory]
    [MemberData(nameof(BrokenDefinitions))]
    public void A_broken_definition_is_rejected_naming_the_file_and_the_JSON_path(string problem, Action<JsonObject> breakIt, string path, string fragment)
    {
        Assert.False(string.IsNullOrEmpty(problem));
        AssertRejected(LoadJiaxing(breakIt), path, fragment);
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        var result = LoadJiaxing(d =>
        {
            Step(d, 2)["assignee"]!["department"] = "police";
            Step(d, 10)["rollsUp"] = new JsonArray("city-unified-acceptance");
        });

        Assert.Equal(["$.steps[10].rollsUp[0]", "$.steps[2].assignee.department"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Text_that_is_not_JSON_is_rejected_with_its_line()
    {
        var result = Workflows.Loader.Load([new DefinitionSource(File, "{\n  \"id\": \"jiaxing\",\n  oops\n}")]);

        var error = Assert.Single(result.Errors);
        Assert.Equal(File, error.File);
        Assert.Contains("not valid JSON (line 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_must_be_named_after_its_id_and_version()
    {
        var result = Workflows.Loader.Load([new DefinitionSource("definitions/jiaxing.json", Workflows.Definition("jiaxing"))]);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("definitions/jiaxing.json", "$.id"), (error.File, error.Path));
        Assert.Contains("is named jiaxing.v1.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_id_and_version_in_two_files_is_rejected()
    {
        var text = Workflows.Definition("jiaxing");
        var result = Workflows.Loader.Load([new DefinitionSource("a/jiaxing.v1.json", text), new DefinitionSource("b/jiaxing.v1.json", text)]);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("b/jiaxing.v1.json", "$.version"), (error.File, error.Path));
        Assert.Contains("also defined in a/jiaxing.v1.json", error.Message, StringComparison.Ordinal);
    }

    private static void Insert(JsonObject definition, JsonObject step) => definition["steps"]!.AsArray().Insert(0, step);

    private static JsonArray Steps() =>
        [new JsonObject { ["id"] = $"t-{Guid.NewGuid():N}"[..10], ["name"] = "任务", ["activity"] = "task", ["seed"] = "测试", ["assignee"] = new JsonObject { ["role"] = "implementing-entity" } }];

    private static JsonObject ConsentVote(string rule) =>
        new() { ["id"] = "vote", ["name"] = "村民表决", ["activity"] = "consentVote", ["seed"] = "测试", ["rule"] = rule };

    private static JsonObject Villages(JsonObject step) => new()
    {
        ["id"] = "each-village", ["name"] = "各村", ["activity"] = "parallel", ["seed"] = "测试", ["forEach"] = "affectedVillages",
        ["join"] = new JsonObject { ["rule"] = "all" }, ["steps"] = new JsonArray(step),
    };

    private static JsonObject When(string fact, bool value) =>
        new() { ["name"] = fact, ["when"] = new JsonObject { ["fact"] = fact, ["equals"] = value }, ["steps"] = Steps() };

    private static JsonObject Otherwise() => new() { ["name"] = "其他", ["otherwise"] = true, ["steps"] = Steps() };

    private static JsonObject Branch(params JsonObject[] cases) =>
        new() { ["id"] = "route", ["name"] = "路径", ["activity"] = "branch", ["seed"] = "测试", ["cases"] = new JsonArray(cases) };

    private static JsonObject Gate(JsonObject ratio, JsonObject? exception = null)
    {
        var check = new JsonObject { ["id"] = "cap", ["name"] = "上限", ["citation"] = "测试", ["ratio"] = ratio, ["atMost"] = 0.03 };
        if (exception is not null)
        {
            check["exception"] = exception;
        }

        return new()
        {
            ["id"] = "thresholds", ["name"] = "政策校验", ["activity"] = "gate", ["seed"] = "测试", ["checks"] = new JsonArray(check),
        };
    }
}
