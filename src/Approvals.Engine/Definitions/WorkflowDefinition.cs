namespace Approvals.Engine.Definitions;

/// <summary>
/// One region's process, as loaded from <c>workflows/definitions/*.json</c>. Identified by id and version;
/// a published version never changes, and an instance stays on the version it started with.
/// </summary>
public sealed record WorkflowDefinition(
    string Id,
    int Version,
    string Name,
    Region Region,
    string Seed,
    int YellowAtWorkingDaysLeft,
    IReadOnlyList<Step> Steps,
    string File)
{
    public const int DefaultYellowAtWorkingDaysLeft = 2;

    private Dictionary<string, Step>? _byId;

    public string Key => $"{Id}@{Version}";

    /// <summary>Every step, depth first, in document order.</summary>
    public IEnumerable<Step> AllSteps() => Steps.SelectMany(s => s.SelfAndDescendants());

    /// <summary>The step with this id; the engine asks on every move, so the index is built once.</summary>
    public Step? Find(string id)
    {
        _byId ??= AllSteps().GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        return _byId.GetValueOrDefault(id);
    }
}

public sealed record Region(string Code, string Name);
