using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Notifications;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Access;

/// <summary>A task the caller may work on, and as whom.</summary>
/// <param name="OwnParty">The task is addressed to the caller's party (not only to the project's implementing entity).</param>
/// <param name="ProjectId">The task's project, when the process belongs to a registered project.</param>
public sealed record TaskWork(TaskRecord Task, Caller Caller, bool OwnParty, Guid? ProjectId);

/// <summary>A task of a leading group office's jurisdiction, with its instance (tracked, to append to its audit chain).</summary>
/// <param name="Places">The project's county, city and province, nearest first.</param>
public sealed record OverseenTask(TaskRecord Task, InstanceRecord Instance, IReadOnlyList<string> Places, Caller Caller);

/// <summary>
/// Who may see and act on tasks and on what is addressed to them, for every endpoint and page: a task and its
/// notifications belong to the party they are addressed to (<see cref="TaskScope"/>); some commands also let the
/// project's implementing entity act; a leading group office's managers oversee the tasks of their jurisdiction.
/// Outside one's scope the answer is 403 and says nothing about the task, not even that it is closed.
/// </summary>
public sealed class TaskAccess(ApprovalsDbContext db)
{
    /// <summary>The open tasks addressed to the caller's party, soonest due first: the inbox. Null when the caller is addressed nothing.</summary>
    public IQueryable<TaskRecord>? Inbox(ClaimsPrincipal user) =>
        TaskScope.Of(user) is { } scope
            ? db.Tasks.AsNoTracking().Where(scope.TaskFilter()).Where(t => t.Status == TaskRowStatus.Open)
            : null;

    /// <summary>A task addressed to the caller's party, to read it.</summary>
    public async Task<Access<TaskRecord>> SeeAsync(Guid taskId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        return task is null ? Access<TaskRecord>.NotFound
            : Addressed(user, task) ? Access<TaskRecord>.Grant(task)
            : Access<TaskRecord>.Forbidden;
    }

    /// <summary>
    /// A task the caller may work on: one addressed to their party, or, where <paramref name="implementingEntityMayAct"/>
    /// (a supplement, the application for acceptance), any task of a project their organisation carries out.
    /// </summary>
    /// <param name="tracking">Track the task row, for a command that changes it directly (claim, release, delegate).</param>
    public async Task<Access<TaskWork>> WorkAsync(
        Guid taskId, ClaimsPrincipal user, CancellationToken cancellationToken, bool implementingEntityMayAct = false, bool tracking = false)
    {
        // Only the task is an entity here; the instance gives a column.
        var tasks = tracking ? db.Tasks : db.Tasks.AsNoTracking();
        var row = await tasks.Where(t => t.Id == taskId)
            .Join(db.Instances, t => t.InstanceId, i => i.Id, (t, i) => new { Task = t, i.ProjectId })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Access<TaskWork>.NotFound;
        }

        Guid? projectId = Guid.TryParse(row.ProjectId, out var id) ? id : null;
        var entity = implementingEntityMayAct && projectId is { } p
            ? await db.Projects.AsNoTracking().Where(x => x.Id == p).Select(x => x.ImplementingEntityId).FirstOrDefaultAsync(cancellationToken)
            : null;
        var own = Addressed(user, row.Task);
        return Caller.Of(user) is { } caller && (own || (entity is not null && caller.OrganisationId == entity))
            ? Access<TaskWork>.Grant(new TaskWork(row.Task, caller, own, projectId))
            : Access<TaskWork>.Forbidden;
    }

    /// <summary>A task a manager of a leading group office of the project's county, city or province may remind or refer.</summary>
    public async Task<Access<OverseenTask>> OverseeAsync(Guid taskId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            return Access<OverseenTask>.NotFound;
        }

        var instance = await db.Instances.FirstAsync(i => i.Id == task.InstanceId, cancellationToken);
        var places = (Guid.TryParse(instance.ProjectId, out var projectId)
            ? await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new[] { p.CountyCode, p.CityCode, p.ProvinceCode }).FirstOrDefaultAsync(cancellationToken)
            : null) ?? [instance.CountyCode];
        return Caller.Of(user) is { OverseesJurisdiction: true } caller && places.Contains(caller.Jurisdiction)
            ? Access<OverseenTask>.Grant(new OverseenTask(task, instance, places, caller))
            : Access<OverseenTask>.Forbidden;
    }

    /// <summary>The notifications delivered to the caller's party. Null when the caller is addressed nothing.</summary>
    public IQueryable<Notification>? Notifications(ClaimsPrincipal user) =>
        TaskScope.Of(user) is { } scope ? db.Notifications.Where(scope.NotificationFilter()) : null;

    /// <summary>One notification delivered to the caller's party, tracked (to mark it read).</summary>
    public async Task<Access<Notification>> NotificationAsync(Guid notificationId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var row = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId, cancellationToken);
        return row is null ? Access<Notification>.NotFound
            : TaskScope.Of(user) is { } scope && scope.Holds(row.RecipientKind, row.RecipientCode, row.RecipientJurisdiction) && Caller.Of(user) is not null
                ? Access<Notification>.Grant(row)
                : Access<Notification>.Forbidden;
    }

    private static bool Addressed(ClaimsPrincipal user, TaskRecord task) =>
        TaskScope.Of(user) is { } scope && scope.Holds(task.AssigneeKind, task.AssigneeCode, task.AssigneeJurisdiction);
}
