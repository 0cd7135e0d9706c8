using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Attachments;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

/// <summary>
/// The one path every task command takes: find the task, check the caller may act on it, check the input,
/// run the engine step, link the attachments, answer with the task as it now stands. Refusals write nothing.
/// </summary>
public sealed class TaskCommands(ApprovalsDbContext db, TaskAccess access, WorkflowRuntime runtime, TimeProvider time)
{
    public DateTimeOffset Now { get; } = time.GetUtcNow();

    public delegate Command? BuildCommand(TaskRecord task, Caller caller, ApiProblems.Errors errors);

    private const int MaxAttempts = 5;

    public async Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> RunAsync(
        Guid taskId, ClaimsPrincipal user, IReadOnlyList<Guid>? attachmentIds, CancellationToken cancellationToken, BuildCommand build,
        string field, bool implementingEntityMayAct = false, bool openOnly = true, Func<Caller, Task<ProblemHttpResult?>>? afterStep = null)
    {
        var found = await access.WorkAsync(taskId, user, cancellationToken, implementingEntityMayAct);
        if (found.Granted is not (var task, var caller, var ownParty, var projectId))
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (openOnly && task.Status != TaskRowStatus.Open)
        {
            return ApiProblems.Conflict($"任务已{(task.Status == TaskRowStatus.Cancelled ? "撤销" : $"由 {task.ClosedBy} 办结")}", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
        }

        if (ownParty && task.AssignedTo is { } holder && holder != caller.UserId)
        {
            return ApiProblems.Conflict($"任务已由 {task.AssignedToName} 认领办理", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
        }

        var errors = new ApiProblems.Errors();
        var command = build(task, caller, errors);
        var attachments = attachmentIds ?? [];
        if (attachments.Count > 0)
        {
            var foreign = projectId is { } p ? await AttachmentLinks.CheckAsync(db, p, [.. attachments], cancellationToken) : attachments;
            for (var i = 0; i < attachments.Count; i++)
            {
                errors.Require(!foreign.Contains(attachments[i]), $"attachmentIds[{i}]", "没有这个附件，或它不属于本项目");
            }
        }

        if (errors.Any || command is null)
        {
            return errors.ToProblem();
        }

        for (var attempt = 1; ; attempt++)
        {
            // Each attempt from a savepoint: a failed write leaves the request's transaction usable (PostgreSQL aborts it otherwise).
            var transaction = db.Database.CurrentTransaction;
            var savepoint = $"command_{attempt}";
            if (transaction is not null)
            {
                await transaction.CreateSavepointAsync(savepoint, cancellationToken);
            }

            try
            {
                await runtime.ExecuteAsync(task.InstanceId, command, cancellationToken);
                break;
            }
            catch (EngineException ex)
            {
                return ApiProblems.FromEngine(ex, field, await TaskDetails.ReadAsync(db, taskId, cancellationToken));
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Another writer moved the same process first: a warning timer, a colleague's parallel task. The command
                // is judged again where the process now stands; had its own task been decided meanwhile, the engine says so (409).
                if (transaction is not null)
                {
                    await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
                }

                // A moment apart, so that writers racing again do not meet again.
                await Task.Delay(Random.Shared.Next(5, 25 * attempt), cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return ApiProblems.Conflict("任务同时被他人办理，请查看最新状态", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
            }
        }

        if (afterStep is not null && await afterStep(caller) is { } refused)
        {
            // What follows the step in the same transaction could not be written: the whole command is rolled back.
            return refused;
        }

        if (attachments.Count > 0)
        {
            // Filed with this task, in the step's transaction; one already filed with another task stays with it.
            await AttachmentLinks.LinkToTaskAsync(db, [.. attachments], taskId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return TypedResults.Ok((await TaskDetails.ReadAsync(db, taskId, cancellationToken))!);
    }

    /// <summary>
    /// Who works on a task: claim, release, delegate. <paramref name="decide"/> answers the new holder, or null
    /// when the caller may not make this change (someone else holds the task).
    /// </summary>
    public async Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> AssignAsync(
        Guid taskId, ClaimsPrincipal user, CancellationToken cancellationToken,
        Func<TaskRecord, Caller, (string? UserId, string? Name, string Action, string? To)?> decide)
    {
        var found = await access.WorkAsync(taskId, user, cancellationToken, tracking: true);
        if (found.Granted is not { OwnParty: true, Task: var task, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (task.Status != TaskRowStatus.Open)
        {
            return ApiProblems.Conflict("任务已办结或撤销", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
        }

        if (decide(task, caller) is not { } change)
        {
            return ApiProblems.Conflict($"任务已由 {task.AssignedToName} 认领办理", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
        }

        var instance = await db.Instances.FirstAsync(i => i.Id == task.InstanceId, cancellationToken);
        task.AssignedTo = change.UserId;
        task.AssignedToName = change.Name;
        task.AssignedAt = change.UserId is null ? null : Now;
        AuditTrail.Append(db, instance, new Audited(caller.Actor, change.Action, task.StepName, null,
            new Dictionary<string, string?> { ["task"] = task.Id.ToString(), ["to"] = change.To ?? change.Name }, Now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ApiProblems.Conflict("任务同时被他人办理，请查看最新状态", await TaskDetails.ReadAsync(db, taskId, cancellationToken));
        }

        db.ChangeTracker.Clear();
        return TypedResults.Ok((await TaskDetails.ReadAsync(db, taskId, cancellationToken))!);
    }
}
