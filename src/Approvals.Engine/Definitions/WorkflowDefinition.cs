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

    public string Key => KeyOf(Id, Version);

    /// <summary>How a version of a definition is named in messages and logs: <c>jiaxing@2</c>.</summary>
    public static string KeyOf(string id, int version) => $"{id}@{version}";

    /// <summary>Every step, depth first, in document order.</summary>
    public IEnumerable<Step> AllSteps() => Steps.SelectMany(s => s.SelfAndDescendants());

    /// <summary>The step that follows this one in the same list of steps (null for the last of its list).</summary>
    public Step? StepAfter(string id)
    {
        return Search(Steps);

        Step? Search(IReadOnlyList<Step> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Id == id)
                {
                    return i + 1 < list.Count ? list[i + 1] : null;
                }

                var inner = list[i] switch
                {
                    SequenceStep sequence => Search(sequence.Steps),
                    ParallelStep parallel => parallel.Branches.Select(b => Search(b.Steps)).FirstOrDefault(s => s is not null) ?? Search(parallel.Body),
                    BranchStep branch => branch.Cases.Select(c => Search(c.Steps)).FirstOrDefault(s => s is not null),
                    _ => null,
                };
                if (inner is not null)
                {
                    return inner;
                }
            }

            return null;
        }
    }

    /// <summary>The step with this id; the engine asks on every move, so the index is built once.</summary>
    public Step? Find(string id)
    {
        _byId ??= AllSteps().GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        return _byId.GetValueOrDefault(id);
    }
}

public sealed record Region(string Code, string Name);
