using System.Globalization;
using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Notifications;
using Approvals.Persistence.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Approvals.Server.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

/// <summary>
/// 催办: a leading group office reminds a department of an open task in its jurisdiction. The reminder goes out
/// through the outbox like any message, is on the process's audit chain, and one task is reminded at most once
/// per <see cref="MinimumInterval"/>.
/// </summary>
public static class TaskRemindersApi
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromHours(4);

    public static IEndpointRouteBuilder MapTaskRemindersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tasks/{taskId:guid}/remind", RemindAsync).WithTags("Tasks").RequireAuthorization().RequireIdempotencyKey()
            .WithName("RemindTask")
            .WithSummary("催办: a leading group office (manager) reminds the task's department; at most once per task every 4 hours (429 with Retry-After otherwise). Audited.")
            .Produces<ProblemDetails>(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<Ok<ReminderView>, NotFound, ProblemHttpResult, ForbidHttpResult>> RemindAsync(
        Guid taskId, ReminderInput input, ClaimsPrincipal user, HttpContext http, TaskAccess access, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await access.OverseeAsync(taskId, user, cancellationToken);
        if (found.Granted is not { Task: var task, Instance: var instance, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (input.Message is { Length: > 500 })
        {
            return ApiProblems.Field("message", "催办说明不超过500字");
        }

        if (task.Status != TaskRowStatus.Open)
        {
            return ApiProblems.Conflict("任务已办结或撤销，无需催办", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
        }

        var now = time.GetUtcNow();
        var last = await db.TaskReminders.AsNoTracking().Where(r => r.TaskId == taskId).OrderByDescending(r => r.SentAt).Select(r => (DateTimeOffset?)r.SentAt).FirstOrDefaultAsync(cancellationToken);
        if (last is { } previous && now - previous < MinimumInterval)
        {
            var wait = previous + MinimumInterval - now;
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem($"此任务已于{Approvals.Engine.Calendar.ChinaStandardTime.DateOf(previous):yyyy-MM-dd}催办，{(int)Math.Ceiling(wait.TotalMinutes)}分钟后方可再次催办",
                statusCode: StatusCodes.Status429TooManyRequests, title: "催办过于频繁");
        }

        var reminder = new TaskReminder { Id = Guid.CreateVersion7(), TaskId = taskId, SentBy = caller.Actor, SentAt = now, Message = input.Message?.Trim() };
        db.TaskReminders.Add(reminder);
        ServiceMessages.Add(db, Guid.CreateVersion7(), MessageTypes.TaskReminded, task.Assignee,
            instance, now, (task.StepId, task.StepName, task.ItemName), task.Id, new Dictionary<string, string?> { ["message"] = reminder.Message, ["by"] = caller.DisplayName });
        AuditTrail.Append(db, instance, new Audited(caller.Actor, "task.reminded", task.StepName, reminder.Message,
            new Dictionary<string, string?> { ["task"] = task.Id.ToString(), ["to"] = task.Assignee.ToString() }, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("流程同时有其他办理，请重试");
        }

        return TypedResults.Ok(new ReminderView(reminder.Id, taskId, reminder.SentBy, now, reminder.Message, now + MinimumInterval));
    }
}
