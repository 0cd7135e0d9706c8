using System.Reflection;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Runtime.Workflows;

namespace Approvals.UnitTests.Conventions;

/// <summary>Dependencies point inward: Server → Runtime → Persistence → Engine; the engine is pure. (What points outward would not compile.)</summary>
public sealed class LayerTests
{
    private static HashSet<string> References(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void The_engine_uses_no_project_of_ours_and_neither_EF_nor_ASP_NET()
    {
        var references = References(typeof(WorkflowEngine).Assembly);

        Assert.DoesNotContain(references, r => r.StartsWith("Approvals.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Persistence_uses_the_engine_only_and_knows_nothing_of_hosting_or_the_bus()
    {
        var references = References(typeof(ApprovalsDbContext).Assembly);

        Assert.Equal(["Approvals.Engine"], references.Where(r => r.StartsWith("Approvals.", StringComparison.Ordinal)));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.StartsWith("MassTransit", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_sits_on_persistence_and_the_engine_without_HTTP_the_bus_or_letters()
    {
        var runtime = typeof(WorkflowRuntime).Assembly;
        var references = References(runtime);

        Assert.Equal("Approvals.Runtime", runtime.GetName().Name);
        Assert.Equal(["Approvals.Engine", "Approvals.Persistence"], references.Where(r => r.StartsWith("Approvals.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.StartsWith("MassTransit", StringComparison.Ordinal));
    }
}
