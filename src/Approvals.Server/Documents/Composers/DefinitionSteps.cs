using Approvals.Engine.Definitions;

namespace Approvals.Server.Documents.Composers;

/// <summary>Where a step sits in its definition: what came before it and what comes next, across nesting.</summary>
public static class DefinitionSteps
{
    /// <summary>The steps before this one, nearest first: its earlier siblings, then those of each enclosing step.</summary>
    public static IEnumerable<Step> Preceding(WorkflowDefinition definition, string stepId)
    {
        var path = PathTo(definition.Steps, stepId) ?? [];
        for (var level = path.Count - 1; level >= 0; level--)
        {
            var (list, index) = path[level];
            for (var i = index - 1; i >= 0; i--)
            {
                yield return list[i];
            }
        }
    }

    /// <summary>The step the process moves to after this one: its next sibling, or the next of the nearest enclosing step that has one; null at the end.</summary>
    public static Step? Next(WorkflowDefinition definition, string stepId)
    {
        var path = PathTo(definition.Steps, stepId) ?? [];
        for (var level = path.Count - 1; level >= 0; level--)
        {
            var (list, index) = path[level];
            if (index + 1 < list.Count)
            {
                return list[index + 1];
            }
        }

        return null;
    }

    /// <summary>The lists and positions from the top level down to the step.</summary>
    private static List<(IReadOnlyList<Step> List, int Index)>? PathTo(IReadOnlyList<Step> steps, string id)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Id == id)
            {
                return [(steps, i)];
            }

            foreach (var inner in Lists(steps[i]))
            {
                if (PathTo(inner, id) is { } path)
                {
                    path.Insert(0, (steps, i));
                    return path;
                }
            }
        }

        return null;
    }

    private static IEnumerable<IReadOnlyList<Step>> Lists(Step step) => step switch
    {
        SequenceStep sequence => [sequence.Steps],
        ParallelStep parallel => [.. parallel.Branches.Select(b => b.Steps), parallel.Body],
        BranchStep branch => branch.Cases.Select(c => c.Steps),
        _ => [],
    };
}
