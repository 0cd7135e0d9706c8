using Approvals.Persistence.Workflows;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>A task joined to its instance, for the monitoring lists that show each task's project.</summary>
internal sealed class TaskWithInstance
{
    public required TaskRecord T { get; init; }

    public required InstanceRecord I { get; init; }
}
