using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Runtime.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approvals.Server.Apis.Projects;

/// <summary>An exception to a limit the seed states 原则上, asked for with reasons and decided by the body the definition names.</summary>
public sealed record ExceptionRequestInput(string? CheckId, string? Reason);

/// <summary>
/// 原则上 limits do not block for ever: the implementing entity asks for an exception to the check its project fails; the
/// deciding body (the leading group) gets a task and approves or refuses it. Strict limits answer 422: correct the figures.
/// </summary>
public static class ProjectExceptionsApi
{
    public const int MaxReason = 2000;

    public static IEndpointRouteBuilder MapProjectExceptionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{projectId:guid}/exception-requests", RequestAsync)
            .WithTags("Projects").RequireAuthorization().RequireIdempotencyKey()
            .WithName("RequestException")
            .WithSummary("Ask for an exception to a 原则上 limit the project's blocked gate fails (checkId, reason): the body the definition names decides it as a task. A strict limit is 422.");
        return app;
    }

    private static async Task<Results<Ok<ProjectView>, NotFound, ProblemHttpResult, ForbidHttpResult>> RequestAsync(
        Guid projectId, ExceptionRequestInput input, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, EngineContext engine,
        WorkflowRuntime runtime, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await access.EditAsync(projectId, user, tracking: false, cancellationToken);
        if (found.Granted is not { Project: var project, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        errors.Require(!string.IsNullOrWhiteSpace(input.CheckId), "checkId", "请指明申请例外的校验项（checkId）");
        errors.Require(!string.IsNullOrWhiteSpace(input.Reason) && input.Reason.Trim().Length <= MaxReason, "reason", $"请说明申请例外的理由（不超过{MaxReason}字）");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (project.InstanceId is not { } instanceId)
        {
            return ApiProblems.Conflict("项目尚未启动审批");
        }

        try
        {
            await runtime.ExecuteAsync(instanceId, new RequestException(input.CheckId!.Trim(), input.Reason!.Trim(), caller.Actor, time.GetUtcNow()), cancellationToken);
        }
        catch (EngineException ex)
        {
            return ApiProblems.FromEngine(ex, "checkId", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
        }
        catch (ConcurrencyConflictException)
        {
            return ApiProblems.Conflict("流程同时被他人推进，请重新读取后再申请");
        }

        return TypedResults.Ok(await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
    }
}
