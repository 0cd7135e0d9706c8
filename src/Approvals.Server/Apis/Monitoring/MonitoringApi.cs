using Approvals.Server.Access;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>
/// The managers' views (周例会、月调度): open tasks that are overdue, due soon or stalled, and breakdowns by
/// department, county, region and step with their ageing, each figure drilling down to the list behind it.
/// Ages and lateness are in working days on the statutory calendar; every query stays inside the manager's
/// counties and reads narrow columns, never the state documents.
/// </summary>
public static class MonitoringApi
{
    public const int MaxExportRows = 50_000;

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/monitoring").WithTags("Monitoring").RequireAuthorization();
        group.MapGet("/tasks", ListAsync).WithName("MonitoredTasks")
            .Produces<MonitoredTaskPage>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).Produces(StatusCodes.Status403Forbidden)
            .WithSummary("Open tasks in my counties: state=open|overdue|due-soon|stalled (stalledDays, default from Approvals:Monitoring:StalledWorkingDays), "
                + "filtered by organisation, county, region, step (definition:step) and age (0-5, 6-10, 11-20, 21+ working days); oldest first; format=csv exports them all.");
        group.MapGet("/breakdown", BreakdownAsync).WithName("MonitoringBreakdown")
            .Produces<List<BreakdownRow>>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).Produces(StatusCodes.Status403Forbidden)
            .WithSummary("Open, due-soon and overdue tasks and their ageing in working days, by=department|county|region|step, each row with the query of the list behind it; format=csv exports it.");
        return app;
    }

    private static async Task<IResult> ListAsync(
        [AsParameters] MonitoringServices services, string? state, int? stalledDays, string? organisation, string? county, string? region, string? step, string? age,
        int? page, int? pageSize, string? format, CancellationToken cancellationToken)
    {
        var (user, db, engine, time, configuration) = services;
        if (await MonitoringScope.CountiesAsync(db, Caller.Of(user), cancellationToken) is not { } counties)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        var filter = TaskFilter.Parse(errors, configuration, state, stalledDays, organisation, county, region, step, age);
        var paging = new PageRequest(page, pageSize);
        paging.Check(errors);
        errors.Require(format is null or "json" or "csv", "format", "格式为 json 或 csv");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var bounds = AgeingBounds.At(time.GetUtcNow(), engine.Calendar);
        var tasks = filter.Apply(db, counties, bounds, engine.Calendar);
        var overdueFirst = filter.State == "overdue";
        var ordered = overdueFirst ? tasks.OrderBy(t => t.DueAt).ThenBy(t => t.Id) : tasks.OrderBy(t => t.OpenedAt).ThenBy(t => t.Id);
        if (format == "csv")
        {
            return MonitoringCsv.Tasks(filter.State, bounds.Today,
                await MonitoredTasks.ReadAsync(db, ordered.Take(MaxExportRows), overdueFirst, bounds, engine.Calendar, cancellationToken));
        }

        // Counted on the open tasks' index alone: every task has its instance.
        var total = await tasks.CountAsync(cancellationToken);
        var items = await MonitoredTasks.ReadAsync(db, paging.Of(ordered), overdueFirst, bounds, engine.Calendar, cancellationToken);
        return TypedResults.Ok(new MonitoredTaskPage(items, paging.Number, paging.Size, total));
    }

    private static async Task<IResult> BreakdownAsync(
        [AsParameters] MonitoringServices services, string? by, string? organisation, string? county, string? region, string? step, string? format,
        CancellationToken cancellationToken)
    {
        var (user, db, engine, time, configuration) = services;
        if (await MonitoringScope.CountiesAsync(db, Caller.Of(user), cancellationToken) is not { } counties)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        var filter = TaskFilter.Parse(errors, configuration, null, null, organisation, county, region, step, null);
        errors.Require(by is not null && Breakdown.Dimensions.Contains(by), "by", $"按 {string.Join(" / ", Breakdown.Dimensions)} 分组");
        errors.Require(format is null or "json" or "csv", "format", "格式为 json 或 csv");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var bounds = AgeingBounds.At(time.GetUtcNow(), engine.Calendar);
        var rows = await Breakdown.RunAsync(db, filter.Apply(db, counties, bounds, engine.Calendar), by!, bounds, cancellationToken);
        return format == "csv" ? MonitoringCsv.Breakdown(by!, bounds.Today, rows) : TypedResults.Ok(rows);
    }
}
