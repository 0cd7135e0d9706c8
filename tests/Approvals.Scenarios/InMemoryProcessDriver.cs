using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;

namespace Approvals.Scenarios;

/// <summary>The engine alone: state in memory, effects applied to in-memory lists, as the database would hold them.</summary>
/// <param name="only">A definition to run instead of the folder's (a variant a test builds).</param>
public sealed class InMemoryProcessDriver(WorkflowDefinition? only = null) : IProcessDriver
{
    // In the order they opened, as the persistent drivers list them.
    private readonly List<OpenTaskView> _open = [];
    private readonly List<BookmarkView> _bookmarks = [];
    private readonly List<string> _letters = [];
    private readonly List<string> _audit = [];
    private InstanceState? _state;

    public InstanceState State => _state ?? throw new InvalidOperationException("Not started.");

    /// <summary>The version the instance started on (the newest when it started), as the durable runtime keeps it.</summary>
    private WorkflowDefinition Definition => only ?? ScenarioWorkflows.Definition(State.DefinitionId, State.DefinitionVersion);

    public Task StartAsync(string definitionId, ProjectSnapshot project, DateTimeOffset at)
    {
        var transition = WorkflowEngine.Start(only ?? ScenarioWorkflows.Definitions[definitionId], project, Guid.CreateVersion7(), "starter", at, ScenarioWorkflows.Context());
        _state = transition.State;
        Apply(transition.Effects);
        return Task.CompletedTask;
    }

    public Task HandleAsync(Command command)
    {
        var transition = WorkflowEngine.Handle(Definition, State, command, ScenarioWorkflows.Context());
        Apply(transition.Effects);
        return Task.CompletedTask;
    }

    public async Task<int> FireDueTimersAsync(DateTimeOffset now)
    {
        var fired = 0;
        while (State.Timers.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).FirstOrDefault() is { } timer)
        {
            await HandleAsync(new FireTimer(timer.Id, timer.DueAt));
            fired++;
        }

        return fired;
    }

    public Task<InstanceView> ViewAsync() => Task.FromResult(new InstanceView(
        State.Status,
        State.StatusReason,
        WorkflowEngine.CurrentSteps(Definition, State),
        State.WaitingDepartments(),
        [.. _open],
        [.. _bookmarks],
        [.. State.Timers.Select(t => t.DueAt).Order()],
        [.. _letters],
        [.. _audit],
        MeasuredFigures.Compare(State.Project, ScenarioWorkflows.Catalogue)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Apply(IEnumerable<Effect> effects)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case TaskOpened o:
                    _open.Add(new OpenTaskView(o.TaskId, o.StepId, o.Activity, o.Assignee, o.Item?.Key, o.Due?.Date, null));
                    break;
                case TaskClosed c:
                    Assert(_open.RemoveAll(t => t.TaskId == c.TaskId) == 1, $"task {c.TaskId} closed twice or never opened");
                    break;
                case TaskWarningRaised w:
                    var index = _open.FindIndex(t => t.TaskId == w.TaskId);
                    _open[index] = _open[index] with { Warning = w.Warning };
                    break;
                case BookmarkCreated b:
                    _bookmarks.Add(new BookmarkView(b.Kind, b.Key));
                    break;
                case BookmarkRemoved b:
                    Assert(_bookmarks.Remove(new BookmarkView(b.Kind, b.Key)), $"bookmark {b.Kind} {b.Key} removed but not there");
                    break;
                case LetterRequested l:
                    _letters.Add(l.Document);
                    break;
                case Audited a:
                    _audit.Add(AuditLine(a));
                    break;
            }
        }
    }

    /// <summary>"action step", e.g. <c>task.opened county-submission</c>: what the scenarios look for in the trail.</summary>
    public static string AuditLine(Audited audited) => AuditLine(audited.Action, audited.Details);

    /// <summary>The same line from an action and its details, as the durable driver reads them back from the table.</summary>
    public static string AuditLine(string action, IReadOnlyDictionary<string, string?> details) =>
        $"{action} {details.GetValueOrDefault("step") ?? details.GetValueOrDefault("from")}".TrimEnd();

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
