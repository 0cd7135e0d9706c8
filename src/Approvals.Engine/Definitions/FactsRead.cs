namespace Approvals.Engine.Definitions;

/// <summary>
/// The facts a definition's branches and gates read. A safeguard must never be skipped because nobody said whether it
/// applies: each yes/no fact must be declared for a project before its process starts, unless the catalogue gives it a
/// default (<see cref="FactEntry.Default"/>), and so must each figure a branch chooses its path by. (A gate's figures are
/// judged by the gate, which stops the process naming a missing one.)
/// </summary>
public static class FactsRead
{
    /// <summary>The flags, in the order the definition first reads them.</summary>
    public static IReadOnlyList<string> Flags(WorkflowDefinition definition)
    {
        var flags = new List<string>();
        foreach (var step in definition.AllSteps())
        {
            switch (step)
            {
                case BranchStep branch:
                    foreach (var condition in branch.Cases.Select(c => c.When).OfType<Condition>())
                    {
                        AddFlags(condition, flags);
                    }

                    break;
                case GateStep gate:
                    flags.AddRange(gate.Checks.Where(c => c is { Fact: not null, EqualsValue: bool }).Select(c => c.Fact!));
                    break;
            }
        }

        return [.. flags.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The figures the definition's branches choose their paths by, in the order it first reads them.</summary>
    public static IReadOnlyList<string> BranchFigures(WorkflowDefinition definition)
    {
        var figures = new List<string>();
        foreach (var condition in definition.AllSteps().OfType<BranchStep>().SelectMany(b => b.Cases).Select(c => c.When).OfType<Condition>())
        {
            Add(condition, figures, flags: false);
        }

        return [.. figures.Distinct(StringComparer.Ordinal)];
    }

    private static void AddFlags(Condition condition, List<string> flags) => Add(condition, flags, flags: true);

    private static void Add(Condition condition, List<string> facts, bool flags)
    {
        if (condition.Fact is { } fact && condition.EqualsValue is bool == flags)
        {
            facts.Add(fact);
        }

        foreach (var inner in (condition.All ?? []).Concat(condition.Any ?? []).Concat(condition.Not is null ? [] : [condition.Not]))
        {
            Add(inner, facts, flags);
        }
    }
}
