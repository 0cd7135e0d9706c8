using Approvals.Engine.Calendar;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>The lines of a monitoring list: each chosen task with its project, whose it is (by name), and how long it has been open and late in working days.</summary>
internal static class MonitoredTasks
{
    /// <summary>
    /// The tasks as listed, in <paramref name="overdueFirst"/> order (the most overdue first) or oldest first. The instance
    /// is joined to the chosen rows only, after the open tasks' index has chosen them.
    /// </summary>
    public static async Task<List<MonitoredTask>> ReadAsync(
        ApprovalsDbContext db, IQueryable<TaskRecord> chosen, bool overdueFirst, AgeingBounds b, WorkingDayCalendar calendar, CancellationToken cancellationToken)
    {
        var joined = chosen.Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new TaskWithInstance { T = t, I = i });
        var ordered = overdueFirst ? joined.OrderBy(r => r.T.DueAt).ThenBy(r => r.T.Id) : joined.OrderBy(r => r.T.OpenedAt).ThenBy(r => r.T.Id);
        var page = await ordered.Select(r => new
        {
            r.T.Id, r.I.ProjectId, r.I.ProjectName, r.I.CountyCode, r.I.DefinitionId, r.T.StepId, r.T.StepName, r.T.ItemName,
            r.T.AssigneeKind, r.T.AssigneeCode, r.T.AssigneeJurisdiction, r.T.OpenedAt, r.T.DueAt, r.T.DueDate, r.T.Warning,
        }).ToListAsync(cancellationToken);
        var organisations = page.Select(p => Parties.OrganisationOf(p.AssigneeKind, p.AssigneeCode, p.AssigneeJurisdiction)).Concat(page.Select(p => p.CountyCode)).Distinct().ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => organisations.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return [.. page.Select(p =>
        {
            var organisation = Parties.OrganisationOf(p.AssigneeKind, p.AssigneeCode, p.AssigneeJurisdiction);
            var late = TaskUrgency.IsOverdue(p.DueAt, b.Now);
            var overdue = late ? calendar.WorkingDaysBetween(p.DueDate ?? ChinaStandardTime.DateOf(p.DueAt!.Value), b.Today) : 0;
            return new MonitoredTask(p.Id, p.ProjectId, p.ProjectName, p.CountyCode, names.GetValueOrDefault(p.CountyCode), p.DefinitionId,
                p.StepId, p.StepName, p.ItemName, organisation, names.GetValueOrDefault(organisation), p.OpenedAt, p.DueAt, p.Warning, late,
                calendar.WorkingDaysBetween(ChinaStandardTime.DateOf(p.OpenedAt), b.Today), overdue, $"/api/projects/{p.ProjectId}/timeline");
        })];
    }
}
