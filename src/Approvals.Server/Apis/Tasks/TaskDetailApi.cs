using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approvals.Server.Apis.Tasks;

/// <summary>One task, for whoever it is addressed to.</summary>
public static class TaskDetailApi
{
    public static IEndpointRouteBuilder MapTaskDetailApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/tasks").WithTags("Inbox").RequireAuthorization().MapGet("/{taskId:guid}", GetAsync)
            .WithName("TaskDetail")
            .WithSummary("One task: its step, project, due date and warning, what it offers, and where its process stands; an acceptance task also the figures measured beside the approved plan, with any shortfall. 403 outside one's scope.");
        return app;
    }

    private static async Task<Results<Ok<TaskDetail>, NotFound, ForbidHttpResult>> GetAsync(
        Guid taskId, ClaimsPrincipal user, TaskAccess tasks, ApprovalsDbContext db, EngineContext engine, CancellationToken cancellationToken)
    {
        var access = await tasks.SeeAsync(taskId, user, cancellationToken);
        if (access.Granted is null)
        {
            return access.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        return TypedResults.Ok((await TaskDetails.ReadAsync(db, taskId, cancellationToken, engine.Catalogue))!);
    }
}
