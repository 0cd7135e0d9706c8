using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Apis.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Inbox;

/// <summary>A clerk's inbox. Everything is read from columns, never from the state document.</summary>
public static class InboxApi
{
    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/inbox").WithTags("Inbox").RequireAuthorization().MapGet("", ListAsync)
            .WithName("Inbox")
            .WithSummary("My inbox: open tasks for my department (or village, or implementing entity) in my jurisdiction, soonest due first. Filters: dueSoon (yellow), overdue (red), project.");
        return app;
    }

    private static async Task<Results<Ok<InboxPage>, ProblemHttpResult, ForbidHttpResult>> ListAsync(
        ClaimsPrincipal user, TaskAccess access, ApprovalsDbContext db, TimeProvider time,
        bool? dueSoon, bool? overdue, string? project, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (access.Inbox(user) is not { } tasks)
        {
            return TypedResults.Forbid();
        }

        var paging = new PageRequest(page, pageSize);
        if (paging.Problem() is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        if (overdue == true)
        {
            tasks = tasks.Where(TaskUrgency.Overdue(now));
        }

        if (dueSoon == true)
        {
            tasks = tasks.Where(TaskUrgency.DueSoon(now));
        }

        var query = tasks.Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new { t, i });
        if (!string.IsNullOrWhiteSpace(project))
        {
            query = query.Where(x => x.i.ProjectId == project);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await paging.Of(query.OrderBy(x => x.t.DueAt == null).ThenBy(x => x.t.DueAt).ThenBy(x => x.t.OpenedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new InboxPage(
            [.. rows.Select(x => new InboxItem(x.t.Id, x.t.InstanceId, x.i.ProjectId, x.i.ProjectName, x.t.StepId, x.t.StepName, x.t.Activity,
                x.t.ItemName, x.t.DueDate, x.t.DueAt, x.t.DueProvisional, x.t.Warning, TaskDetails.Outcomes(x.t), x.t.OpenedAt))],
            paging.Number, paging.Size, total));
    }
}
