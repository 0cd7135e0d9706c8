using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Monitoring;
using Approvals.Runtime.Timers;
using Approvals.Runtime.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>The durable workflow runtime: published definitions, transitions as transactions, timers by lease.</summary>
    public static IServiceCollection AddWorkflowRuntime(this IServiceCollection services, DefinitionLoader loader, EngineContext engine)
    {
        services.AddSingleton(loader);
        services.AddSingleton(engine);
        services.AddSingleton<DefinitionRegistry>();
        services.AddScoped<WorkflowRuntime>();
        services.AddSingleton<JurisdictionChains>();
        services.AddSingleton<TimerProcessor>();
        return services;
    }

    /// <summary>
    /// The runtime of a serving node, on the folder's definitions and calendar: what <see cref="AddWorkflowRuntime"/>
    /// registers, the timer loop, and the publishing of the definitions at start (a health check, tagged
    /// <paramref name="healthTags"/>, says whether they are published yet).
    /// </summary>
    public static IServiceCollection AddWorkflowNode(this IServiceCollection services, WorkflowSet workflows, params string[] healthTags)
    {
        if (!workflows.IsValid)
        {
            throw new ArgumentException("The workflows do not load: " + string.Join("; ", workflows.Errors), nameof(workflows));
        }

        services.AddSingleton(workflows);
        services.AddWorkflowRuntime(workflows.Loader!,
            new EngineContext(new Approvals.Engine.Calendar.WorkingDayCalendar(workflows.Calendar!), workflows.Catalogue!, EngineContext.SortableIds));
        services.AddHostedService<TimerService>();
        services.AddSingleton<WorkflowPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowPublisher>());
        services.AddHealthChecks().AddCheck<WorkflowPublisher>("workflows", tags: healthTags);
        return services;
    }
}
