namespace Approvals.Engine.Runtime;

/// <summary>
/// The names of the audit chains: one per instance (every step and every action on its tasks) and one per project
/// (registration, edits, attachments). An instance's records name their stream as their subject.
/// </summary>
public static class AuditStreams
{
    public const string InstancePrefix = "instance:";
    public const string ProjectPrefix = "project:";

    public static string Instance(Guid instanceId) => $"{InstancePrefix}{instanceId}";

    public static string Project(Guid projectId) => $"{ProjectPrefix}{projectId}";
}
