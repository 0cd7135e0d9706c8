using Approvals.Engine.Calendar;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>
/// Which open tasks a monitoring view counts or lists: the manager's counties, narrowed by organisation, county, region,
/// step, ageing bucket and state (open, overdue, due soon, stalled). Read from the open tasks' index only, never from
/// instances or state documents.
/// </summary>
internal sealed record TaskFilter(string? Organisation, string? County, string? Region, string? Step, string State, string? Age, int StalledDays)
{
    public static readonly string[] States = ["open", "overdue", "due-soon", "stalled"];

    /// <summary>The filter the query parameters ask for, each bad one named in <paramref name="errors"/>.</summary>
    public static TaskFilter Parse(
        ApiProblems.Errors errors, IConfiguration configuration, string? state, int? stalledDays,
        string? organisation, string? county, string? region, string? step, string? age)
    {
        var chosen = state ?? "open";
        errors.Require(States.Contains(chosen), "state", $"状态为 {string.Join(" / ", States)} 之一");
        var stalled = stalledDays ?? configuration.GetValue("Approvals:Monitoring:StalledWorkingDays", 10);
        errors.Require(stalled is >= 1 and <= 365, "stalledDays", "停滞天数为 1–365 个工作日");
        errors.Require(age is null || AgeingBounds.Buckets.Contains(age), "age", $"时长为 {string.Join(" / ", AgeingBounds.Buckets)} 之一");
        errors.Require(step is null || step.Split(':') is [{ Length: > 0 }, { Length: > 0 }], "step", "环节写作 定义:环节，如 jiaxing:single-item-acceptance");
        return new TaskFilter(organisation, county, region, step, chosen, age, stalled);
    }

    public IQueryable<TaskRecord> Apply(ApprovalsDbContext db, IReadOnlyList<string> counties, AgeingBounds bounds, WorkingDayCalendar calendar)
    {
        // Filtered on the task's own county and process: the index on status, county and time does the work.
        var rows = db.Tasks.AsNoTracking().Where(t => t.Status == TaskRowStatus.Open && counties.Contains(t.CountyCode));
        if (Organisation is { } organisation)
        {
            // An organisation is "jurisdiction/code" (a department, a village body) or an implementing entity's own id.
            var slash = organisation.LastIndexOf('/');
            rows = slash > 0
                ? rows.Where(r => r.AssigneeJurisdiction == organisation.Substring(0, slash) && r.AssigneeCode == organisation.Substring(slash + 1))
                : rows.Where(r => r.AssigneeCode == "implementing-entity" && r.AssigneeJurisdiction == organisation);
        }

        if (County is { } county)
        {
            rows = rows.Where(r => r.CountyCode == county);
        }

        if (Region is { } region)
        {
            rows = rows.Where(r => r.DefinitionId == region);
        }

        if (Step?.Split(':') is [var definition, var stepId])
        {
            rows = rows.Where(r => r.DefinitionId == definition && r.StepId == stepId);
        }

        if (Age is { } age)
        {
            rows = rows.Where(bounds.Bucket(age));
        }

        var stalledSince = AgeingBounds.Start(calendar, bounds.Today, StalledDays - 1);
        return State switch
        {
            "overdue" => rows.Where(TaskUrgency.Overdue(bounds.Now)),
            "due-soon" => rows.Where(TaskUrgency.DueSoon(bounds.Now)),
            // Not moved for N working days: open at least that long.
            "stalled" => rows.Where(r => r.OpenedAt < stalledSince),
            _ => rows,
        };
    }
}
