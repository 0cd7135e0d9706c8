using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis;

public sealed record InboxItem(
    Guid TaskId, Guid InstanceId, string ProjectId, string ProjectName, string StepId, string StepName, string Activity,
    string? Item, DateOnly? DueDate, DateTimeOffset? DueAt, bool DueProvisional, string? Warning, IReadOnlyList<string> Outcomes, DateTimeOffset OpenedAt);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Page, int PageSize, int Total);

public sealed record TaskDetail(
    Guid TaskId, Guid InstanceId, string ProjectId, string ProjectName, string DefinitionId, int DefinitionVersion,
    string StepId, string StepName, string Activity, string? Item, string Status, string? Outcome, string? Opinion,
    DateOnly? DueDate, DateTimeOffset? DueAt, bool DueProvisional, string? Warning, IReadOnlyList<string> Outcomes,
    DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, string? ClosedBy, string? AssignedTo, string? AssignedToName,
    string InstanceStatus, IReadOnlyList<string> CurrentSteps);

/// <summary>A clerk's inbox and a task's detail. Everything is read from columns, never from the state document.</summary>
public static class InboxApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Inbox").RequireAuthorization();

        group.MapGet("/inbox", async Task<Results<Ok<InboxPage>, ValidationProblem, ForbidHttpResult>> (
                ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time,
                bool? dueSoon, bool? overdue, string? project, int? page, int? pageSize, CancellationToken cancellationToken) =>
            {
                if (TaskScope.Of(user) is not { } scope)
                {
                    return TypedResults.Forbid();
                }

                var errors = new Dictionary<string, string[]>();
                if (page is < 1)
                {
                    errors["page"] = ["页码从1开始"];
                }

                if (pageSize is < 1 or > MaxPageSize)
                {
                    errors["pageSize"] = [$"每页1至{MaxPageSize}条"];
                }

                if (errors.Count > 0)
                {
                    return TypedResults.ValidationProblem(errors);
                }

                var now = time.GetUtcNow();
                var tasks = db.Tasks.AsNoTracking().Where(t =>
                    t.AssigneeKind == scope.Kind && t.AssigneeCode == scope.Code && t.AssigneeJurisdiction == scope.Jurisdiction && t.Status == TaskRowStatus.Open);
                if (overdue == true)
                {
                    tasks = tasks.Where(t => t.DueAt != null && t.DueAt < now);
                }

                if (dueSoon == true)
                {
                    tasks = tasks.Where(t => t.Warning == "yellow");
                }

                var query = tasks.Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new { t, i });
                if (!string.IsNullOrWhiteSpace(project))
                {
                    query = query.Where(x => x.i.ProjectId == project);
                }

                var size = pageSize ?? 20;
                var number = page ?? 1;
                var total = await query.CountAsync(cancellationToken);
                var rows = await query
                    .OrderBy(x => x.t.DueAt == null).ThenBy(x => x.t.DueAt).ThenBy(x => x.t.OpenedAt)
                    .Skip((number - 1) * size).Take(size)
                    .ToListAsync(cancellationToken);
                return TypedResults.Ok(new InboxPage(
                    [.. rows.Select(x => new InboxItem(x.t.Id, x.t.InstanceId, x.i.ProjectId, x.i.ProjectName, x.t.StepId, x.t.StepName, x.t.Activity,
                        x.t.ItemName, x.t.DueDate, x.t.DueAt, x.t.DueProvisional, x.t.Warning, Outcomes(x.t.Outcomes), x.t.OpenedAt))],
                    number, size, total));
            })
            .WithName("Inbox")
            .WithSummary("My inbox: open tasks for my department (or village, or implementing entity) in my jurisdiction, soonest due first. Filters: dueSoon (yellow), overdue (red), project.");

        group.MapGet("/tasks/{taskId:guid}", async Task<Results<Ok<TaskDetail>, NotFound, ForbidHttpResult>> (
                Guid taskId, ClaimsPrincipal user, ApprovalsDbContext db, CancellationToken cancellationToken) =>
            {
                var row = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
                    .Select(t => new { t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction })
                    .FirstOrDefaultAsync(cancellationToken);
                if (row is null)
                {
                    return TypedResults.NotFound();
                }

                // Outside one's scope the answer says nothing about the task, not even that it is closed.
                if (TaskScope.Of(user) is not { } scope || !scope.Holds(row.AssigneeKind, row.AssigneeCode, row.AssigneeJurisdiction))
                {
                    return TypedResults.Forbid();
                }

                return TypedResults.Ok((await DetailAsync(db, taskId, cancellationToken))!);
            })
            .WithName("TaskDetail")
            .WithSummary("One task: its step, project, due date and warning, what it offers, and where its process stands. 403 outside one's scope.");

        return app;
    }

    /// <summary>A task as it stands now, for its detail page and for the 409 a late command gets.</summary>
    public static async Task<TaskDetail?> DetailAsync(ApprovalsDbContext db, Guid taskId, CancellationToken cancellationToken)
    {
        var row = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
            .Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new { t, i })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var (t, i) = (row.t, row.i);
        return new TaskDetail(t.Id, i.Id, i.ProjectId, i.ProjectName, i.DefinitionId, i.DefinitionVersion,
            t.StepId, t.StepName, t.Activity, t.ItemName, t.Status, t.Outcome, t.Opinion, t.DueDate, t.DueAt, t.DueProvisional, t.Warning,
            Outcomes(t.Outcomes), t.OpenedAt, t.ClosedAt, t.ClosedBy, t.AssignedTo, t.AssignedToName, i.Status, StateDocument.Read<List<string>>(i.CurrentSteps));
    }

    private static List<string> Outcomes(string outcomes) => [.. outcomes.Split(',', StringSplitOptions.RemoveEmptyEntries)];
}
