namespace Approvals.Runtime.Workflows;

/// <summary>Another transition changed the instance first; nothing was written. Judge the command again, or tell the clerk what happened.</summary>
public sealed class ConcurrencyConflictException(Guid instanceId)
    : Exception($"Instance {instanceId} was changed by another step at the same time.")
{
    public Guid InstanceId { get; } = instanceId;
}
