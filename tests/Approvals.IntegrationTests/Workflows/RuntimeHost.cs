using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Workflows;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Integration = Approvals.IntegrationTests.Persistence;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>
/// One service node's worth of the durable runtime on a test database: its own service provider, as a
/// separate process would have, sharing only the database with other nodes.
/// </summary>
public sealed class RuntimeNode : IAsyncDisposable
{
    private RuntimeNode(ServiceProvider services, string name)
    {
        Services = services;
        Name = name;
    }

    public ServiceProvider Services { get; }

    public string Name { get; }

    public static RuntimeNode Create(DatabaseSettings settings, string name, Action<IServiceCollection>? configure = null, Approvals.Engine.Runtime.EngineContext? engine = null)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddApprovalsPersistence(settings);
        services.AddWorkflowRuntime(ScenarioWorkflows.Loader, engine ?? ScenarioWorkflows.Context());
        return new RuntimeNode(services.BuildServiceProvider(), name);
    }

    /// <summary>Runs <paramref name="work"/> in a fresh scope, as one request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<Guid> StartAsync(string definitionId, Approvals.Engine.Runtime.ProjectSnapshot project, DateTimeOffset at) =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().StartAsync(definitionId, project, "starter", at));

    public Task ExecuteAsync(Guid instance, Approvals.Engine.Runtime.Command command) =>
        InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<WorkflowRuntime>().ExecuteAsync(instance, command);
            return true;
        });

    /// <summary>The first open task of a step in an instance, as its row stands.</summary>
    public Task<TaskRecord> OpenTaskAsync(Guid instance, string stepId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Tasks.AsNoTracking()
            .Where(t => t.InstanceId == instance && t.StepId == stepId && t.Status == TaskRowStatus.Open)
            .OrderBy(t => t.ActivityId).FirstAsync());

    public async Task PublishAllAsync(DateTimeOffset at)
    {
        var sources = ScenarioWorkflows.Sources();
        var loaded = ScenarioWorkflows.Loader.Load(sources);
        var pairs = loaded.Definitions.Select(d => (d, sources.Single(s => s.File == d.File).Json));
        await InScopeAsync(async sp => await sp.GetRequiredService<DefinitionRegistry>().PublishAsync(sp.GetRequiredService<ApprovalsDbContext>(), pairs, at));
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

/// <summary>A migrated test database with every definition version in the folder published.</summary>
public static class RuntimeDatabase
{
    public static async Task<Integration.TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var database = await Integration.TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using var node = RuntimeNode.Create(database.Settings, "publisher");
        await node.PublishAllAsync(DateTimeOffset.UtcNow);
        return database;
    }
}
