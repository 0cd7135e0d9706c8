using Approvals.Persistence.Workflows;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>A task joined to its instance (county, region), as the monitoring queries read them.</summary>
internal sealed class TaskWithInstance
{
    public required TaskRecord T { get; init; }

    public required InstanceRecord I { get; init; }
}
