using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Approvals.Server.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

/// <summary>
/// 提请督办 (a referral): a leading group office refers a stalled task in its jurisdiction to the office one level up
/// (a county's to its city's, a city's to its province's), with its reason. Sent through the outbox (task-referred) and
/// on the process's audit chain; a task is referred to the same office once. Not the automatic escalation of an overdue
/// task (超期督办, task-escalated), which the outbox relay sends. The route, its operation id and the audit action keep
/// the word "escalate" they were published with.
/// </summary>
public static class TaskReferralsApi
{
    public static IEndpointRouteBuilder MapTaskReferralsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tasks/{taskId:guid}/escalate", ReferAsync).WithTags("Tasks").RequireAuthorization().RequireIdempotencyKey()
            .WithName("EscalateTask")
            .WithSummary("提请督办: a leading group office (manager) refers an open task of its jurisdiction to the office one level up, with a reason; once per task and office (409 after). Audited.");
        return app;
    }

    private static async Task<Results<Ok<ReferralView>, NotFound, ProblemHttpResult, ForbidHttpResult>> ReferAsync(
        Guid taskId, ReferralInput input, ClaimsPrincipal user, TaskAccess access, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await access.OverseeAsync(taskId, user, cancellationToken);
        if (found.Granted is not { Task: var task, Instance: var instance, Places: var places, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            return ApiProblems.Field("reason", "提请督办须写明理由（不超过500字）");
        }

        // The office above the caller's: the next jurisdiction up the project's county → city → province.
        var level = places.ToList().IndexOf(caller.Jurisdiction);
        if (level + 1 >= places.Count || string.IsNullOrEmpty(places[level + 1]))
        {
            return ApiProblems.Conflict("本级领导小组办公室没有上级可提请督办");
        }

        if (task.Status != TaskRowStatus.Open)
        {
            return ApiProblems.Conflict("任务已办结或撤销，无需督办", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
        }

        var to = places[level + 1];
        var messageId = OutboxTranslation.DerivedId(taskId, $"referred:{to}");
        if (await db.OutboxMessages.AsNoTracking().AnyAsync(m => m.Id == messageId, cancellationToken))
        {
            return ApiProblems.Conflict($"此任务已提请上级（{to}）督办");
        }

        var now = time.GetUtcNow();
        ServiceMessages.Add(db, messageId, MessageTypes.TaskReferred, Party.LeadingGroupOfficeOf(to), instance, now,
            (task.StepId, task.StepName, task.ItemName), task.Id, new Dictionary<string, string?>
            {
                ["department"] = task.AssigneeCode, ["jurisdiction"] = task.AssigneeJurisdiction, ["reason"] = reason, ["by"] = caller.DisplayName, ["from"] = caller.Jurisdiction,
            });
        AuditTrail.Append(db, instance, new Audited(caller.Actor, "task.escalated", task.StepName, reason,
            new Dictionary<string, string?> { ["task"] = task.Id.ToString(), ["to"] = Party.LeadingGroupOfficeOf(to).ToString() }, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("流程同时有其他办理，或此任务已提请督办，请刷新后重试");
        }

        return TypedResults.Ok(new ReferralView(taskId, to, caller.DisplayName, now, reason));
    }
}
