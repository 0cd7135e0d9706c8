using Approvals.Engine.Runtime;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;

namespace Approvals.Persistence.Audit;

/// <summary>
/// Appends what people do outside engine steps (registering a project, claiming a task) to the same hash
/// chains the engine writes: a project's own stream, or its instance's. The owner row's version guards the
/// chain's head, so two appends cannot fork it; the caller saves.
/// </summary>
public static class AuditTrail
{
    public static void Append(ApprovalsDbContext db, Project project, Audited audited)
    {
        project.AuditCount++;
        var record = AuditChain.Next(AuditStreams.Project(project.Id), project.AuditCount, project.AuditHead, audited);
        project.AuditHead = record.Hash;
        db.AuditRecords.Add(record);
    }

    public static void Append(ApprovalsDbContext db, InstanceRecord instance, Audited audited)
    {
        instance.AuditCount++;
        instance.Version++;
        var record = AuditChain.Next(AuditStreams.Instance(instance.Id), instance.AuditCount, instance.AuditHead, audited);
        instance.AuditHead = record.Hash;
        db.AuditRecords.Add(record);
    }
}
