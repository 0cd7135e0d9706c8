using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// The engine's whole surface: start an instance, apply a command. Pure: it reads no clock (the command
/// carries the instant), touches no database, and returns the effects for the caller to record in the same
/// transaction as the new state. <see cref="Handle"/> takes ownership of the state it is given and changes
/// it; when it throws an <see cref="EngineException"/> nothing has changed.
/// </summary>
public static class WorkflowEngine
{
    /// <exception cref="EngineException">The project cannot start: an unknown department, a village twice, or a fact the definition
    /// reads that the project has not declared (each named at <c>facts.flags.&lt;code&gt;</c> or <c>facts.numbers.&lt;code&gt;</c>).</exception>
    public static Transition Start(WorkflowDefinition definition, ProjectSnapshot project, Guid instanceId, string actor, DateTimeOffset at, EngineContext context)
    {
        Validate(project, context);
        project = project with { Facts = Declared(definition, project.Facts, context.Catalogue) };
        var state = new InstanceState
        {
            InstanceId = instanceId,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            Status = InstanceStatus.Running,
            Project = project,
        };
        var interpreter = new Interpreter(definition, state, context, actor, at);
        interpreter.StartRoot();
        return new Transition(state, interpreter.Effects);
    }

    public static Transition Handle(WorkflowDefinition definition, InstanceState state, Command command, EngineContext context)
    {
        if (definition.Id != state.DefinitionId || definition.Version != state.DefinitionVersion)
        {
            throw new InvalidOperationException($"Instance {state.InstanceId} runs {WorkflowDefinition.KeyOf(state.DefinitionId, state.DefinitionVersion)}, not {definition.Key}.");
        }

        var interpreter = new Interpreter(definition, state, context, command.Actor, command.At);
        interpreter.Handle(command);
        return new Transition(state, interpreter.Effects);
    }

    /// <summary>The names of the steps that run now (the leaves of the activity tree), for the instance's columns.</summary>
    public static IReadOnlyList<string> CurrentSteps(WorkflowDefinition definition, InstanceState state) =>
        [.. state.ActiveLeaves()
            .Where(a => a.Kind == ActivityKind.Step)
            .Select(a => definition.Find(a.StepId)!.Name + (a.Item is null ? "" : $"（{a.Item.Name}）"))];

    /// <summary>
    /// The project's facts with the catalogue's defaults filled in; every flag the definition's branches and gates read,
    /// and every figure its branches choose by, must then be there, so that a safeguard (a heritage review, a villagers'
    /// vote, a higher approval) is never skipped because nobody said whether it applies.
    /// </summary>
    private static Facts Declared(WorkflowDefinition definition, Facts facts, Catalogue catalogue)
    {
        var flags = facts.Flags.ToDictionary(f => f.Key, f => f.Value);
        var problems = new List<(string Field, string Message)>();
        foreach (var flag in FactsRead.Flags(definition).Where(f => !flags.ContainsKey(f)))
        {
            if (catalogue.Fact(flag)?.Default is { } assumed)
            {
                flags[flag] = assumed;
            }
            else
            {
                problems.Add(($"facts.flags.{flag}", $"请说明项目是否{catalogue.Fact(flag)?.Name ?? flag}（是或否）：{definition.Name}据此决定须经哪些环节"));
            }
        }

        foreach (var figure in FactsRead.BranchFigures(definition).Where(f => !facts.Numbers.ContainsKey(f)))
        {
            var entry = catalogue.Fact(figure);
            problems.Add(($"facts.numbers.{figure}", $"请填写{entry?.Name ?? figure}{(entry?.Unit is { } unit ? $"（{unit}）" : "")}：{definition.Name}据此决定须经哪些环节"));
        }

        if (problems.Count > 0)
        {
            throw new EngineException(EngineErrorKind.Invalid, $"启动前须说明：{string.Join("；", problems.Select(p => p.Message.Split('：')[0]))}", problems[0].Field)
            {
                Problems = problems,
            };
        }

        return facts with { Flags = flags };
    }

    private static void Validate(ProjectSnapshot project, EngineContext context)
    {
        var unknown = project.DepartmentsWithSubProjects.Concat(project.SubProjects.Select(s => s.Department))
            .Where(code => context.Catalogue.Department(code) is null)
            .Distinct()
            .ToList();
        if (unknown.Count > 0)
        {
            throw new EngineException(EngineErrorKind.Invalid, $"未知的部门代码：{string.Join("、", unknown)}");
        }

        var duplicateVillages = project.Villages.GroupBy(v => v.Code).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicateVillages.Count > 0)
        {
            throw new EngineException(EngineErrorKind.Invalid, $"行政村重复：{string.Join("、", duplicateVillages)}");
        }
    }
}
