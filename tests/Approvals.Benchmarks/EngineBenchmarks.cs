using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Scenarios;
using BenchmarkDotNet.Attributes;

namespace Approvals.Benchmarks;

/// <summary>The engine alone, in memory: one instance started and its five reviews approved, then joined.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private readonly EngineContext _context = ScenarioWorkflows.Context();
    private readonly DateTimeOffset _at = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private int _n;

    [Benchmark(Description = "start + 5 reviews + join")]
    public InstanceStatus OneInstance()
    {
        var transition = WorkflowEngine.Start(Shape.Definition, Shape.Project(_n++), Guid.CreateVersion7(), "bench", _at, _context);
        var state = transition.State;
        foreach (var task in transition.Effects.OfType<TaskOpened>().ToList())
        {
            state = WorkflowEngine.Handle(Shape.Definition, state, new CompleteTask(task.TaskId, Outcome.Approve, "同意", "clerk", _at), _context).State;
        }

        return state.Status == InstanceStatus.Completed ? state.Status : throw new InvalidOperationException("The instance did not complete.");
    }
}
