namespace Approvals.Engine.Definitions;

/// <summary>
/// The yes/no facts a definition's branches and gates read. A safeguard must never be skipped because nobody said
/// whether it applies: each of these must be declared (yes or no) for a project before its process starts, unless
/// the catalogue gives the fact a default (<see cref="FactEntry.Default"/>).
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

    private static void AddFlags(Condition condition, List<string> flags)
    {
        if (condition is { Fact: { } fact, EqualsValue: bool })
        {
            flags.Add(fact);
        }

        foreach (var inner in (condition.All ?? []).Concat(condition.Any ?? []).Concat(condition.Not is null ? [] : [condition.Not]))
        {
            AddFlags(inner, flags);
        }
    }
}
