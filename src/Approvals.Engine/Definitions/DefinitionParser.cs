using System.Globalization;
using System.Text.Json;
using Approvals.Engine.Calendar;

namespace Approvals.Engine.Definitions;

/// <summary>
/// Turns a definition document that has passed the JSON Schema into the model. Structure is already
/// known to be right; what the schema cannot say (a time limit in working days) is reported here.
/// </summary>
internal sealed class DefinitionParser(string file)
{
    private readonly List<DefinitionError> _errors = [];

    public IReadOnlyList<DefinitionError> Errors => _errors;

    public WorkflowDefinition Parse(JsonElement root)
    {
        var region = root.GetProperty("region");
        var yellow = root.TryGetProperty("warnings", out var warnings) && warnings.TryGetProperty("yellowAtWorkingDaysLeft", out var y)
            ? y.GetInt32()
            : WorkflowDefinition.DefaultYellowAtWorkingDaysLeft;
        return new WorkflowDefinition(
            root.GetProperty("id").GetString()!,
            root.GetProperty("version").GetInt32(),
            root.GetProperty("name").GetString()!,
            new Region(region.GetProperty("code").GetString()!, region.GetProperty("name").GetString()!),
            root.GetProperty("seed").GetString()!,
            yellow,
            Steps(root.GetProperty("steps"), "$.steps"),
            file);
    }

    private List<Step> Steps(JsonElement array, string path) =>
        [.. array.EnumerateArray().Select((step, i) => Step(step, $"{path}[{i}]"))];

    private Step Step(JsonElement e, string path)
    {
        var id = e.GetProperty("id").GetString()!;
        var name = e.GetProperty("name").GetString()!;
        var seed = String(e, "seed");
        return e.GetProperty("activity").GetString() switch
        {
            "sequence" => new SequenceStep(id, name, seed, path, Steps(e.GetProperty("steps"), path + ".steps")),
            "parallel" => new ParallelStep(id, name, seed, path,
                e.TryGetProperty("branches", out var branches)
                    ? [.. branches.EnumerateArray().Select((b, i) => new ParallelBranch(
                        b.GetProperty("name").GetString()!, Steps(b.GetProperty("steps"), $"{path}.branches[{i}].steps"), $"{path}.branches[{i}]"))]
                    : [],
                String(e, "forEach"),
                String(e, "level"),
                e.TryGetProperty("steps", out var body) ? Steps(body, path + ".steps") : [],
                Join(e.GetProperty("join")),
                String(e, "returnTo"),
                e.TryGetProperty("onReturn", out var onReturn) ? new ReturnLetter(String(onReturn, "document")!, Assignee(onReturn)) : null),
            "review" => new ReviewStep(id, name, seed, path, Assignee(e), Limit(e, "timeLimit", path)!.Value, Outcomes(e),
                String(e, "returnTo"), e.TryGetProperty("deferral", out var deferral) ? Deferral(deferral, path + ".deferral") : null,
                e.TryGetProperty("confirmsSubProjects", out var confirms) && confirms.GetBoolean()),
            "task" => new TaskStep(id, name, seed, path, Assignee(e), Limit(e, "timeLimit", path), String(e, "records")),
            "filing" => new FilingStep(id, name, seed, path, Assignee(e), Limit(e, "objectionWindow", path)!.Value, String(e, "returnTo")!),
            "consentVote" => new ConsentVoteStep(id, name, seed, path, String(e, "rule")!, Limit(e, "timeLimit", path)),
            "signOff" => new SignOffStep(id, name, seed, path, Assignee(e), Limit(e, "timeLimit", path)!.Value,
                e.TryGetProperty("measures", out var measures)
                    ? [.. measures.EnumerateArray().Select(m => new Measure(
                        m.GetProperty("fact").GetString()!, m.TryGetProperty("onSite", out var onSite) && onSite.GetBoolean()))]
                    : [],
                String(e, "returnTo"), VillageRepresentatives(e)),
            "acceptance" => new AcceptanceStep(id, name, seed, path, Assignee(e), Limit(e, "timeLimit", path)!.Value, Outcomes(e),
                String(e, "returnTo"), [.. e.GetProperty("rollsUp").EnumerateArray().Select(r => r.GetString()!)], VillageRepresentatives(e)),
            "batch" => new BatchStep(id, name, seed, path, String(e, "batchKind")!, Assignee(e), String(e, "returnTo")),
            "gate" => new GateStep(id, name, seed, path,
                [.. e.GetProperty("checks").EnumerateArray().Select((c, i) => Check(c, $"{path}.checks[{i}]"))]),
            "letter" => new LetterStep(id, name, seed, path, String(e, "document")!, Assignee(e)),
            "notify" => new NotifyStep(id, name, seed, path,
                [.. e.GetProperty("to").EnumerateArray().Select(AssigneeOf)], String(e, "message")!),
            "branch" => new BranchStep(id, name, seed, path,
                [.. e.GetProperty("cases").EnumerateArray().Select((c, i) => Case(c, $"{path}.cases[{i}]"))]),
            var other => throw new InvalidOperationException($"The schema admitted an unknown activity '{other}'."),
        };
    }

    private static Join Join(JsonElement join) => new(
        join.GetProperty("rule").GetString() switch
        {
            "all" => JoinRule.All,
            "any" => JoinRule.Any,
            "n-of-m" => JoinRule.NOfM,
            "all-approve-else-return" => JoinRule.AllApproveElseReturn,
            "first-reject-returns" => JoinRule.FirstRejectReturns,
            var other => throw new InvalidOperationException($"The schema admitted an unknown join rule '{other}'."),
        },
        join.TryGetProperty("n", out var n) ? n.GetInt32() : null);

    private Deferral Deferral(JsonElement e, string path) => new(
        [.. e.GetProperty("materials").EnumerateArray().Select(m => m.GetString()!)],
        Limit(e, "deadline", path)!.Value,
        e.GetProperty("onMissed").GetString() switch
        {
            "terminate" => DeferralConsequence.Terminate,
            "suspend" => DeferralConsequence.Suspend,
            _ => DeferralConsequence.NotApproved,
        },
        String(e, "until"));

    private static IReadOnlyList<Outcome> Outcomes(JsonElement e) =>
        [.. e.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString() switch
        {
            "approve" => Outcome.Approve,
            "reject" => Outcome.Reject,
            _ => Outcome.Return,
        })];

    private static Assignee Assignee(JsonElement step) => AssigneeOf(step.GetProperty("assignee"));

    private static Assignee AssigneeOf(JsonElement a) => new(String(a, "department"), String(a, "level"), String(a, "role"));

    private PolicyCheck Check(JsonElement c, string path)
    {
        var ratio = c.TryGetProperty("ratio", out var r) ? r : (JsonElement?)null;
        return new PolicyCheck(
            c.GetProperty("id").GetString()!, c.GetProperty("name").GetString()!, c.GetProperty("citation").GetString()!, path,
            String(c, "fact"),
            ratio is { } of ? String(of, "of") : null,
            ratio is { } to ? String(to, "to") : null,
            Decimal(c, "atLeast"), Decimal(c, "atMost"), Scalar(c, "equals"),
            c.TryGetProperty("exception", out var exception)
                ? new CheckException(Assignee(exception), Limit(exception, "timeLimit", path + ".exception")!.Value)
                : null,
            c.TryGetProperty("onMeasured", out var measured) && measured.GetBoolean());
    }

    private BranchCase Case(JsonElement c, string path) => new(
        c.GetProperty("name").GetString()!,
        c.TryGetProperty("when", out var when) ? Condition(when, path + ".when") : null,
        c.TryGetProperty("otherwise", out var otherwise) && otherwise.GetBoolean(),
        Steps(c.GetProperty("steps"), path + ".steps"),
        path);

    private Condition Condition(JsonElement c, string path) => new(
        path,
        String(c, "fact"),
        Scalar(c, "equals"),
        Decimal(c, "atLeast"),
        Decimal(c, "atMost"),
        c.TryGetProperty("all", out var all) ? [.. all.EnumerateArray().Select((x, i) => Condition(x, $"{path}.all[{i}]"))] : null,
        c.TryGetProperty("any", out var any) ? [.. any.EnumerateArray().Select((x, i) => Condition(x, $"{path}.any[{i}]"))] : null,
        c.TryGetProperty("not", out var not) ? Condition(not, path + ".not") : null);

    /// <summary>A time limit must say working days; anything else is an error at its path.</summary>
    private int? Limit(JsonElement e, string property, string path)
    {
        if (!e.TryGetProperty(property, out var value))
        {
            return null;
        }

        var text = value.GetString()!;
        if (WorkingDayLimit.TryParse(text, out var days))
        {
            return days;
        }

        _errors.Add(new DefinitionError(file, $"{path}.{property}",
            $"'{text}' is not a time limit in working days; write it as \"20 working days\" or \"20个工作日\""));
        return 1;
    }

    private static string? String(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The schema allows only these two words, so anything else never reaches here.
    private static Participation VillageRepresentatives(JsonElement e) => String(e, "villageRepresentatives") switch
    {
        "required" => Participation.Required,
        "encouraged" => Participation.Encouraged,
        _ => Participation.None,
    };

    private static decimal? Decimal(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static object? Scalar(JsonElement e, string property) =>
        !e.TryGetProperty(property, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
}
