namespace Approvals.Engine.Definitions;

/// <summary>
/// The rules a schema cannot express: codes that must exist in the catalogue, references that must point
/// to an earlier step, join rules that need a count or a return target, branch cases that can never be
/// chosen. Every error carries the file and the JSON path of the offending value.
/// </summary>
internal sealed class DefinitionValidator(Catalogue catalogue, WorkflowDefinition definition)
{
    private readonly List<DefinitionError> _errors = [];

    // For each step: the steps that run before it in its enclosing sequences, innermost first. A return
    // or a roll-up may only point there: anything else is later, or on another branch.
    private readonly Dictionary<string, HashSet<string>> _before = [];

    public IReadOnlyList<DefinitionError> Validate()
    {
        var seen = new HashSet<string>();
        foreach (var step in definition.AllSteps())
        {
            if (!seen.Add(step.Id))
            {
                Error(step.Path + ".id", $"step id '{step.Id}' is used more than once");
            }
        }

        IndexPredecessors(definition.Steps, []);
        foreach (var step in definition.Steps)
        {
            Visit(step, null);
        }

        return _errors;
    }

    private void IndexPredecessors(IReadOnlyList<Step> steps, HashSet<string> outer)
    {
        var before = new HashSet<string>(outer);
        foreach (var step in steps)
        {
            _before[step.Id] = [.. before];
            var inner = new HashSet<string>(before);
            switch (step)
            {
                case SequenceStep s:
                    IndexPredecessors(s.Steps, inner);
                    break;
                case ParallelStep p:
                    foreach (var branch in p.Branches)
                    {
                        IndexPredecessors(branch.Steps, inner);
                    }

                    IndexPredecessors(p.Body, inner);
                    break;
                case BranchStep b:
                    foreach (var c in b.Cases)
                    {
                        IndexPredecessors(c.Steps, inner);
                    }

                    break;
            }

            before.UnionWith(step.SelfAndDescendants().Select(s => s.Id));
        }
    }

    // Steps inside a parallel whose join sends the project back need no returnTo of their own.
    private int _insideReturningJoin;

    /// <param name="forEach">The collection of the innermost enclosing forEach, if any.</param>
    private void Visit(Step step, CollectionEntry? forEach)
    {
        switch (step)
        {
            case SequenceStep s:
                VisitAll(s.Steps, forEach);
                break;
            case ParallelStep p:
                CheckParallel(p, ref forEach);
                if (p.OnReturn is { } onReturn)
                {
                    CheckAssignee(onReturn.Assignee, p.Path + ".onReturn.assignee", forEach);
                    Known(onReturn.Document, catalogue.Documents.Select(d => d.Code), p.Path + ".onReturn.document", "document");
                    if (p.ReturnTo is null)
                    {
                        Error(p.Path + ".onReturn", "a document issued on a return needs a join that returns (returnTo)");
                    }
                }

                var returns = p.Join.Rule is JoinRule.AllApproveElseReturn or JoinRule.FirstRejectReturns;
                _insideReturningJoin += returns ? 1 : 0;
                foreach (var branch in p.Branches)
                {
                    VisitAll(branch.Steps, forEach);
                }

                VisitAll(p.Body, forEach);
                _insideReturningJoin -= returns ? 1 : 0;
                break;
            case ReviewStep r:
                CheckAssignee(r.Assignee, r.Path + ".assignee", forEach);
                CheckReturn(r, r.Outcomes, r.ReturnTo);
                if (r.ConfirmsSubProjects && (forEach?.Code != "departmentsWithSubProjects" || !r.Assignee.IsCurrentItem))
                {
                    Error(r.Path + ".confirmsSubProjects", "a department confirms its own sub-projects: a review for \"$item\" inside a forEach over departmentsWithSubProjects");
                }

                if (r.Deferral?.Until is { } until)
                {
                    if (definition.Find(until) is null)
                    {
                        Error(r.Path + ".deferral.until", $"no step has the id '{until}'");
                    }
                    else if (!_before[until].Contains(r.Id))
                    {
                        Error(r.Path + ".deferral.until", $"'{until}' does not run after '{r.Id}': the step that waits for the deferred materials comes later");
                    }
                }

                break;
            case TaskStep t:
                CheckAssignee(t.Assignee, t.Path + ".assignee", forEach);
                break;
            case FilingStep f:
                CheckAssignee(f.Assignee, f.Path + ".assignee", forEach);
                CheckEarlier(f, f.ReturnTo, ".returnTo");
                break;
            case ConsentVoteStep c:
                Known(c.Rule, catalogue.ConsentRules.Select(r => r.Code), c.Path + ".rule", "consent rule");

                if (forEach?.Item != "village")
                {
                    Error(c.Path, "a consent vote belongs to one village: put it inside a parallel with \"forEach\" over villages");
                }

                break;
            case SignOffStep s:
                CheckAssignee(s.Assignee, s.Path + ".assignee", forEach);
                for (var i = 0; i < s.Measures.Count; i++)
                {
                    CheckFact(s.Measures[i].Fact, $"{s.Path}.measures[{i}].fact", "number");
                }

                CheckReturn(s, [Outcome.Approve, Outcome.Return], s.ReturnTo, returnOptional: true);
                break;
            case AcceptanceStep a:
                CheckAssignee(a.Assignee, a.Path + ".assignee", forEach);
                CheckReturn(a, a.Outcomes, a.ReturnTo);
                for (var i = 0; i < a.RollsUp.Count; i++)
                {
                    CheckEarlier(a, a.RollsUp[i], $".rollsUp[{i}]");
                }

                break;
            case BatchStep b:
                CheckAssignee(b.Assignee, b.Path + ".assignee", forEach);
                Known(b.BatchKind, catalogue.BatchKinds.Select(k => k.Code), b.Path + ".batchKind", "batch kind");
                if (b.ReturnTo is not null)
                {
                    CheckEarlier(b, b.ReturnTo, ".returnTo");
                }

                break;
            case GateStep g:
                CheckGate(g);
                foreach (var check in g.Checks.Where(c => c.Exception is not null))
                {
                    CheckAssignee(check.Exception!.Assignee, check.Path + ".exception.assignee", forEach);
                }

                break;
            case LetterStep l:
                CheckAssignee(l.Assignee, l.Path + ".assignee", forEach);
                Known(l.Document, catalogue.Documents.Select(d => d.Code), l.Path + ".document", "document");

                break;
            case NotifyStep n:
                for (var i = 0; i < n.To.Count; i++)
                {
                    CheckAssignee(n.To[i], $"{n.Path}.to[{i}]", forEach);
                }

                break;
            case BranchStep b:
                CheckBranch(b);
                foreach (var c in b.Cases)
                {
                    VisitAll(c.Steps, forEach);
                }

                break;
        }
    }

    private void VisitAll(IEnumerable<Step> steps, CollectionEntry? forEach)
    {
        foreach (var step in steps)
        {
            Visit(step, forEach);
        }
    }

    private void CheckParallel(ParallelStep p, ref CollectionEntry? forEach)
    {
        var fixedBranches = p.Branches.Count > 0;
        if (fixedBranches == (p.ForEach is not null))
        {
            Error(p.Path, "a parallel has either \"branches\" or \"forEach\" with \"steps\", not both and not neither");
        }

        if (p.ForEach is not null)
        {
            if (Known(p.ForEach, catalogue.Collections.Select(c => c.Code), p.Path + ".forEach", "collection"))
            {
                var collection = catalogue.Collection(p.ForEach)!;
                forEach = collection;
                if (collection.Item is "department" or "subProject" && p.Level is null)
                {
                    Error(p.Path + ".level", $"a forEach over {collection.Code} needs the level of government of those departments");
                }
            }

            if (p.Body.Count == 0)
            {
                Error(p.Path + ".steps", "a forEach needs the steps each branch runs");
            }
        }
        else if (p.Body.Count > 0)
        {
            Error(p.Path + ".steps", "\"steps\" belong to a forEach; fixed branches list their steps under \"branches\"");
        }

        if (p.Level is not null)
        {
            Known(p.Level, catalogue.Levels.Select(l => l.Code), p.Path + ".level", "level");
        }

        switch (p.Join.Rule)
        {
            case JoinRule.NOfM when p.Join.N is null:
                Error(p.Path + ".join.n", "the n-of-m join needs n");
                break;
            case JoinRule.NOfM when fixedBranches && p.Join.N > p.Branches.Count:
                Error(p.Path + ".join.n", $"n is {p.Join.N} but there are only {p.Branches.Count} branches");
                break;
            case not JoinRule.NOfM when p.Join.N is not null:
                Error(p.Path + ".join.n", "n applies only to the n-of-m join");
                break;
        }

        if (p.Join.Rule is JoinRule.AllApproveElseReturn or JoinRule.FirstRejectReturns)
        {
            if (p.ReturnTo is null)
            {
                Error(p.Path + ".returnTo", $"the {JoinName(p.Join.Rule)} join sends the project back: name the step it returns to");
            }
            else
            {
                CheckEarlier(p, p.ReturnTo, ".returnTo");
            }
        }
        else if (p.ReturnTo is not null)
        {
            Error(p.Path + ".returnTo", $"the {JoinName(p.Join.Rule)} join never returns; returnTo applies to all-approve-else-return and first-reject-returns");
        }
    }

    private void CheckReturn(Step step, IReadOnlyList<Outcome> outcomes, string? returnTo, bool returnOptional = false)
    {
        var canReturn = outcomes.Contains(Outcome.Return);
        if (returnTo is not null)
        {
            CheckEarlier(step, returnTo, ".returnTo");
            if (!canReturn)
            {
                Error(step.Path + ".returnTo", "returnTo is set but \"return\" is not among the outcomes");
            }
        }
        else if (canReturn && !returnOptional && _insideReturningJoin == 0)
        {
            Error(step.Path + ".returnTo", "the outcome \"return\" needs returnTo: the step the project goes back to for supplement");
        }
    }

    private void CheckEarlier(Step step, string target, string property)
    {
        if (definition.Find(target) is null)
        {
            Error(step.Path + property, $"no step has the id '{target}'");
        }
        else if (!_before[step.Id].Contains(target))
        {
            Error(step.Path + property, $"'{target}' does not run before '{step.Id}' on the same path; it can only refer to an earlier step");
        }
    }

    private void CheckAssignee(Assignee assignee, string path, CollectionEntry? forEach)
    {
        if ((assignee.Department is null) == (assignee.Role is null))
        {
            Error(path, "name either a department or a role");
            return;
        }

        if (assignee.Role is not null)
        {
            if (Known(assignee.Role, catalogue.Roles.Select(r => r.Code), path + ".role", "role")
                && assignee.Role is "village-committee" or "collective-economic-organisation" && forEach?.Item != "village")
            {
                Error(path + ".role", $"'{assignee.Role}' acts for one village: use it inside a forEach over villages");
            }

            if (assignee.Level is not null)
            {
                Error(path + ".level", "a role has no level of government");
            }

            return;
        }

        if (assignee.IsCurrentItem)
        {
            if (forEach?.Item is not ("department" or "subProject"))
            {
                Error(path + ".department", "\"$item\" is the current department of a forEach over departments or sub-projects, and there is none here");
            }

            if (assignee.Level is not null)
            {
                Error(path + ".level", "the level of \"$item\" comes from its forEach");
            }

            return;
        }

        Known(assignee.Department!, catalogue.Departments.Select(d => d.Code), path + ".department", "department");
        if (assignee.Level is null)
        {
            Error(path + ".level", "a department needs its level of government (county, city, province, ministry …)");
        }
        else
        {
            Known(assignee.Level, catalogue.Levels.Select(l => l.Code), path + ".level", "level");
        }
    }

    private void CheckGate(GateStep gate)
    {
        var ids = new HashSet<string>();
        foreach (var check in gate.Checks)
        {
            if (!ids.Add(check.Id))
            {
                Error(check.Path + ".id", $"check id '{check.Id}' is used more than once in this gate");
            }

            var isRatio = check.RatioOf is not null;
            if ((check.Fact is null) == !isRatio)
            {
                Error(check.Path, "a check reads either a \"fact\" or a \"ratio\"");
                continue;
            }

            if (isRatio)
            {
                CheckFact(check.RatioOf!, check.Path + ".ratio.of", "number");
                CheckFact(check.RatioTo!, check.Path + ".ratio.to", "number");
            }
            else
            {
                var fact = CheckFact(check.Fact!, check.Path + ".fact", null);
                CheckComparison(fact, check.EqualsValue, check.AtLeast, check.AtMost, check.Path);
            }

            if (check.AtLeast is null && check.AtMost is null && check.EqualsValue is null)
            {
                Error(check.Path, "a check needs a bound: atLeast, atMost or equals");
            }

            if (isRatio && check.EqualsValue is not null)
            {
                Error(check.Path + ".equals", "compare a ratio with atLeast or atMost");
            }
        }
    }

    private void CheckBranch(BranchStep branch)
    {
        var otherwiseAt = -1;
        var conditions = new Dictionary<string, int>();
        for (var i = 0; i < branch.Cases.Count; i++)
        {
            var c = branch.Cases[i];
            if (otherwiseAt >= 0)
            {
                Error(c.Path, $"unreachable: the case \"{c.Name}\" comes after the otherwise case \"{branch.Cases[otherwiseAt].Name}\"");
            }

            if (c.Otherwise == (c.When is not null))
            {
                Error(c.Path, "a case has either \"when\" or \"otherwise\": true");
                continue;
            }

            if (c.Otherwise)
            {
                otherwiseAt = otherwiseAt < 0 ? i : otherwiseAt;
                continue;
            }

            CheckCondition(c.When!);
            if (conditions.TryGetValue(c.When!.Canonical, out var earlier))
            {
                Error(c.Path + ".when", $"unreachable: the case \"{branch.Cases[earlier].Name}\" before it tests the same condition");
            }
            else
            {
                conditions[c.When.Canonical] = i;
            }
        }

        if (otherwiseAt < 0)
        {
            Error(branch.Path + ".cases", "a branch needs an otherwise case, so that every project has a path");
        }
    }

    private void CheckCondition(Condition condition)
    {
        var forms = new object?[] { condition.Fact, condition.All, condition.Any, condition.Not }.Count(x => x is not null);
        if (forms != 1)
        {
            Error(condition.Path, "a condition is one of: a fact comparison, all, any, not");
            return;
        }

        if (condition.Fact is not null)
        {
            var fact = CheckFact(condition.Fact, condition.Path + ".fact", null);
            CheckComparison(fact, condition.EqualsValue, condition.AtLeast, condition.AtMost, condition.Path);
            if (condition.EqualsValue is null && condition.AtLeast is null && condition.AtMost is null)
            {
                Error(condition.Path, "compare the fact: equals, atLeast or atMost");
            }
        }

        foreach (var inner in (condition.All ?? []).Concat(condition.Any ?? []).Concat(condition.Not is null ? [] : [condition.Not]))
        {
            CheckCondition(inner);
        }
    }

    private void CheckComparison(FactEntry? fact, object? equals, decimal? atLeast, decimal? atMost, string path)
    {
        if (fact is null)
        {
            return;
        }

        if (fact.Type == "boolean" && (atLeast is not null || atMost is not null))
        {
            Error(path, $"'{fact.Code}' is yes/no: compare it with equals");
        }

        if (equals is not null && (fact.Type == "boolean") != equals is bool)
        {
            Error(path + ".equals", $"'{fact.Code}' is a {fact.Type}; equals must be one too");
        }
    }

    private FactEntry? CheckFact(string code, string path, string? type)
    {
        var fact = catalogue.Fact(code);
        if (Known(code, catalogue.Facts.Select(f => f.Code), path, "fact") && type is not null && fact!.Type != type)
        {
            Error(path, $"'{code}' is a {fact.Type}, a {type} is needed here");
        }

        return fact;
    }

    private static string JoinName(JoinRule rule) => rule switch
    {
        JoinRule.All => "all",
        JoinRule.Any => "any",
        JoinRule.NOfM => "n-of-m",
        JoinRule.AllApproveElseReturn => "all-approve-else-return",
        _ => "first-reject-returns",
    };

    /// <summary>Whether the catalogue has the code; if not, an error that lists what it has.</summary>
    private bool Known(string code, IEnumerable<string> known, string path, string what)
    {
        var codes = known.ToList();
        if (codes.Contains(code))
        {
            return true;
        }

        var hint = codes.Count <= 12
            ? $"known: {string.Join(", ", codes)}"
            : $"closest: {string.Join(", ", codes.OrderBy(c => EditDistance(c, code)).Take(3))} (all {codes.Count} are in catalogue.json)";
        Error(path, $"unknown {what} '{code}'; {hint}");
        return false;
    }

    /// <summary>Levenshtein distance, case-insensitive: to suggest the code that was probably meant.</summary>
    private static int EditDistance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private void Error(string path, string message) => _errors.Add(new DefinitionError(definition.File, path, message));
}
