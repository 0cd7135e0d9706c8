using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Server.Access;
using Approvals.Server.Apis.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

/// <summary>
/// A department confirming its sub-projects (Jiaxing 附件2) moves some between 在建, 拟同步建设 and 不在项目区内开展.
/// The engine judges the move (its own sub-projects only, on a confirming step); the project row and its audit chain
/// then take the new version in the step's transaction.
/// </summary>
public sealed class SubProjectConfirmation(ApprovalsDbContext db, ProjectAccess projects)
{
    public sealed record Prepared(Guid ProjectId, int ReadVersion, SubProjectMoves Moves);

    /// <summary>The move as the engine takes it, on the project version it was read at; null when the task belongs to no registered project.</summary>
    public async Task<Prepared?> PrepareAsync(Guid taskId, IReadOnlyDictionary<string, string> plans, CancellationToken cancellationToken)
    {
        var project = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
            .Join(db.Projects.AsNoTracking(), t => t.InstanceId, p => p.InstanceId, (t, p) => new { p.Id, p.Version })
            .FirstOrDefaultAsync(cancellationToken);
        return project is null ? null : new Prepared(project.Id, project.Version, new SubProjectMoves(plans, project.Version + 1));
    }

    /// <summary>Writes the moved plans onto the project; a project changed meanwhile refuses the whole command (409).</summary>
    public async Task<ProblemHttpResult?> WriteAsync(Prepared moved, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = (await projects.LoadAsync(moved.ProjectId, tracking: true, cancellationToken))!;
        if (row.Version != moved.ReadVersion)
        {
            db.ChangeTracker.Clear();
            return ApiProblems.Conflict("项目已被他人修改，请重新读取后再确认");
        }

        foreach (var subProject in row.SubProjects)
        {
            if (moved.Moves.Plans.TryGetValue(subProject.Key, out var plan))
            {
                subProject.Plan = plan;
            }
        }

        row.Version = moved.Moves.DataVersion;
        row.UpdatedAt = at;
        AuditTrail.Append(db, row, ProjectAudit.Of(actor, "project.sub-projects-moved", row, at,
            string.Join("、", moved.Moves.Plans.Select(m => $"{m.Key}→{m.Value}"))));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return null;
    }
}
