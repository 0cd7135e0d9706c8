using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Workflows;
using Approvals.Server.Idempotency;
using Approvals.Server.Messaging;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

public sealed record EscalationInput(string? Reason);

/// <param name="To">The leading group office the task was referred to (its jurisdiction's code).</param>
public sealed record EscalationView(Guid TaskId, string To, string By, DateTimeOffset At, string Reason);

/// <summary>
/// 提请督办: a leading group office refers a stalled task in its jurisdiction to the office one level up (a county's
/// to its city's, a city's to its province's), with its reason. Sent through the outbox (task-referred) and on the
/// process's audit chain; a task is referred to the same office once.
/// </summary>
public static class TaskEscalationsApi
{
    public static IEndpointRouteBuilder MapTaskEscalationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tasks/{taskId:guid}/escalate", EscalateAsync).WithTags("Tasks").RequireAuthorization().RequireIdempotencyKey()
            .WithName("EscalateTask")
            .WithSummary("提请督办: a leading group office (manager) refers an open task of its jurisdiction to the office one level up, with a reason; once per task and office (409 after). Audited.");
        return app;
    }

    private static async Task<Results<Ok<EscalationView>, NotFound, ProblemHttpResult, ForbidHttpResult>> EscalateAsync(
        Guid taskId, EscalationInput input, ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            return TypedResults.NotFound();
        }

        var instance = await db.Instances.FirstAsync(i => i.Id == task.InstanceId, cancellationToken);
        var places = await TaskJurisdictions.OfAsync(db, instance, cancellationToken);
        var caller = Caller.Of(user);
        if (!TaskJurisdictions.MayOversee(caller, places))
        {
            return TypedResults.Forbid();
        }

        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            return ApiProblems.Field("reason", "提请督办须写明理由（不超过500字）");
        }

        // The office above the caller's: the next jurisdiction up the project's county → city → province.
        var level = Array.IndexOf(places, caller.Jurisdiction);
        if (level + 1 >= places.Length || string.IsNullOrEmpty(places[level + 1]))
        {
            return ApiProblems.Conflict("本级领导小组办公室没有上级可提请督办");
        }

        if (task.Status != TaskRowStatus.Open)
        {
            return ApiProblems.Conflict("任务已办结或撤销，无需督办", await InboxApi.DetailAsync(db, taskId, cancellationToken));
        }

        var to = places[level + 1];
        var messageId = OutboxTranslation.DerivedId(taskId, $"referred:{to}");
        if (await db.OutboxMessages.AsNoTracking().AnyAsync(m => m.Id == messageId, cancellationToken))
        {
            return ApiProblems.Conflict($"此任务已提请上级（{to}）督办");
        }

        var now = time.GetUtcNow();
        ServiceMessages.Add(db, messageId, OutboxTranslation.TaskReferred, new Party("department", "leading-group-office", to), instance, now,
            (task.StepId, task.StepName, task.ItemName), task.Id, new Dictionary<string, string?>
            {
                ["department"] = task.AssigneeCode, ["jurisdiction"] = task.AssigneeJurisdiction, ["reason"] = reason, ["by"] = caller.DisplayName, ["from"] = caller.Jurisdiction,
            });
        AuditTrail.Append(db, instance, new Audited(caller.Actor, "task.escalated", task.StepName, reason,
            new Dictionary<string, string?> { ["task"] = task.Id.ToString(), ["to"] = $"department:leading-group-office@{to}" }, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("流程同时有其他办理，或此任务已提请督办，请刷新后重试");
        }

        return TypedResults.Ok(new EscalationView(taskId, to, caller.DisplayName, now, reason));
    }
}
