using System.Security.Claims;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Runtime.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

/// <summary>
/// What a clerk does with a task: claim, release, delegate, decide, return, accept under 容缺, take a
/// supplement, object to a filing, sign off. Every command answers with the task as it then stands; a task
/// someone else has already decided answers 409 with its current state.
/// </summary>
public static class TaskCommandsApi
{
    public static IEndpointRouteBuilder MapTaskCommandsApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks/{taskId:guid}").WithTags("Tasks").RequireAuthorization().RequireIdempotencyKey();

        tasks.MapPost("/claim", ClaimAsync).WithName("ClaimTask")
            .WithSummary("Take the task so colleagues see who works on it; others of the department can no longer decide it until it is released.");
        tasks.MapPost("/release", ReleaseAsync).WithName("ReleaseTask")
            .WithSummary("Give a claimed task back to the department (its holder, or a manager of the department).");
        tasks.MapPost("/delegate", DelegateAsync).WithName("DelegateTask")
            .WithSummary("Hand the task to a colleague of the same department (by user name).");
        tasks.MapPost("/complete", CompleteAsync).WithName("CompleteTask")
            .WithSummary("Decide the task: approve, reject or return, with an opinion (required unless approving) and attachments of this project.");
        tasks.MapPost("/return", ReturnAsync).WithName("ReturnTask")
            .WithSummary("Return for supplement (退回补正): the process goes back to the step the definition names; the opinion says what is missing.");
        tasks.MapPost("/accept-with-deferral", DeferAsync).WithName("AcceptWithDeferral")
            .WithSummary("容缺受理: accept now while the listed materials (from the step's list) come later, by the step's deadline in working days.");
        tasks.MapPost("/supplement", SupplementAsync).WithName("SupplementMaterial")
            .WithSummary("A deferred material arrives (the implementing entity, or the reviewing department records it).");
        tasks.MapPost("/object", ObjectAsync).WithName("ObjectToFiling")
            .WithSummary("Object to a filing (备案) within its objection window, with a reason: the project goes back.");
        tasks.MapPost("/sign-off", SignOffAsync).WithName("SignOff")
            .WithSummary("Single-item acceptance (单项验收): passed with the figures the step measures (e.g. new farmland measured on site), or not passed with an opinion.");

        app.MapPost("/api/projects/{projectId:guid}/overall-acceptance-request", RequestAcceptanceAsync)
            .WithTags("Tasks").RequireAuthorization().RequireIdempotencyKey()
            .WithName("RequestOverallAcceptance")
            .WithSummary("Apply for the overall acceptance (整体验收申请) once every single-item acceptance has passed: the implementing entity, or the town where the process has the town apply (Jiaxing 四.(四), also when a platform company carries the project out).");
        return app;
    }

    private static async Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> CompleteAsync(
        Guid taskId, CompleteInput input, ClaimsPrincipal user, TaskCommands commands, SubProjectConfirmation confirmation, CancellationToken cancellationToken)
    {
        // A department confirming its sub-projects may move some between the three lists: a new version of the project's data.
        var moving = input.SubProjectPlans is { Count: > 0 } plans ? await confirmation.PrepareAsync(taskId, plans, cancellationToken) : null;
        return await commands.RunAsync(taskId, user, input.AttachmentIds, cancellationToken, (task, caller, errors) =>
        {
            if (!Enum.TryParse<Outcome>(input.Outcome, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome) || int.TryParse(input.Outcome, out _))
            {
                errors.Add("outcome", $"办理结果为 {string.Join(" / ", task.Outcomes)} 之一");
                return null;
            }

            errors.Require(outcome == Outcome.Approve || !string.IsNullOrWhiteSpace(input.Opinion), "opinion", "退回或不予通过须填写意见");
            errors.Require(input.Opinion is null || input.Opinion.Length <= 4000, "opinion", "意见不超过4000字");
            if (input.SubProjectPlans is { Count: > 0 } && moving is null)
            {
                errors.Add("subProjectPlans", "此任务不属于已启动的项目，不能调整子项目");
            }

            return new CompleteTask(taskId, outcome, input.Opinion?.Trim(), caller.Actor, commands.Now, Participants: Participants(input.Participants, errors),
                Moves: moving?.Moves);
        }, field: "outcome", afterStep: moving is null ? null : caller => confirmation.WriteAsync(moving, caller.Actor, commands.Now, cancellationToken));
    }

    /// <summary>The participants as the engine takes them; each bad one named at its index.</summary>
    private static IReadOnlyList<Participant>? Participants(List<ParticipantInput>? input, ApiProblems.Errors errors)
    {
        if (input is null)
        {
            return null;
        }

        errors.Require(input.Count <= 100, "participants", "参加验收人员不超过100人");
        for (var i = 0; i < input.Count; i++)
        {
            var p = input[i];
            errors.Require(!string.IsNullOrWhiteSpace(p?.Name) && p.Name.Trim().Length <= 50, $"participants[{i}].name", "请填写姓名（不超过50字）");
            errors.Require(p?.Role is not null && Participant.Roles.ContainsKey(p.Role), $"participants[{i}].role", $"身份为 {string.Join(" / ", Participant.Roles.Keys)} 之一");
            errors.Require(p?.Organisation is null || p.Organisation.Trim().Length <= 100, $"participants[{i}].organisation", "单位不超过100字");
        }

        var repeated = input.Select((p, i) => (p, i)).GroupBy(x => (x.p?.Name?.Trim(), x.p?.Organisation?.Trim())).Where(g => g.Count() > 1).Select(g => g.Last().i).FirstOrDefault(-1);
        errors.Require(repeated < 0, $"participants[{repeated}]", "同一单位的同一人已列出");
        return [.. input.Select(p => new Participant(p?.Name?.Trim() ?? "", p?.Role ?? "", string.IsNullOrWhiteSpace(p?.Organisation) ? null : p.Organisation.Trim()))];
    }

    private static Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> ReturnAsync(
        Guid taskId, ReturnInput input, ClaimsPrincipal user, TaskCommands commands, CancellationToken cancellationToken) =>
        commands.RunAsync(taskId, user, input.AttachmentIds, cancellationToken, (_, caller, errors) =>
            errors.Require(!string.IsNullOrWhiteSpace(input.Opinion) && input.Opinion.Length <= 4000, "opinion", "请写明需补正的内容（不超过4000字）")
                ? new CompleteTask(taskId, Outcome.Return, input.Opinion!.Trim(), caller.Actor, commands.Now)
                : null, field: "opinion");

    private static Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> DeferAsync(
        Guid taskId, DeferralInput input, ClaimsPrincipal user, TaskCommands commands, CancellationToken cancellationToken) =>
        commands.RunAsync(taskId, user, null, cancellationToken, (_, caller, errors) =>
        {
            if (!errors.Require(input.Materials is { Count: > 0 }, "materials", "请列出容缺后补的材料"))
            {
                return null;
            }

            for (var i = 0; i < input.Materials!.Count; i++)
            {
                errors.Require(!string.IsNullOrWhiteSpace(input.Materials[i]), $"materials[{i}]", "材料名称不能为空");
            }

            return new AcceptWithDeferral(taskId, [.. input.Materials.Select(m => m?.Trim() ?? "")], caller.Actor, commands.Now);
        }, field: "materials");

    private static Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> SupplementAsync(
        Guid taskId, SupplementInput input, ClaimsPrincipal user, TaskCommands commands, CancellationToken cancellationToken) =>
        commands.RunAsync(taskId, user, input.AttachmentIds, cancellationToken, (_, caller, errors) =>
            errors.Require(!string.IsNullOrWhiteSpace(input.Material), "material", "请填写补交的材料名称")
                ? new SupplementMaterial(taskId, input.Material!.Trim(), caller.Actor, commands.Now)
                : null, field: "material", implementingEntityMayAct: true, openOnly: false);

    private static Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> ObjectAsync(
        Guid taskId, ObjectionInput input, ClaimsPrincipal user, TaskCommands commands, CancellationToken cancellationToken) =>
        commands.RunAsync(taskId, user, input.AttachmentIds, cancellationToken, (_, caller, errors) =>
            errors.Require(!string.IsNullOrWhiteSpace(input.Reason) && input.Reason.Length <= 4000, "reason", "提出异议须说明理由（不超过4000字）")
                ? new ObjectToFiling(taskId, input.Reason!.Trim(), caller.Actor, commands.Now)
                : null, field: "reason");

    private static Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> SignOffAsync(
        Guid taskId, SignOffInput input, ClaimsPrincipal user, TaskCommands commands, CancellationToken cancellationToken) =>
        commands.RunAsync(taskId, user, input.AttachmentIds, cancellationToken, (task, caller, errors) =>
        {
            if (!errors.Require(task.Activity == "signOff", "$", "此任务不是单项验收") | !errors.Require(input.Passed is not null, "passed", "请说明验收是否通过"))
            {
                return null;
            }

            foreach (var (code, value) in input.Figures ?? [])
            {
                errors.Require(value >= 0, $"figures.{code}", "实测数据不能为负数");
            }

            errors.Require(input.Passed == true || !string.IsNullOrWhiteSpace(input.Opinion), "opinion", "验收未通过须填写意见");
            return new CompleteTask(taskId, input.Passed == true ? Outcome.Approve : Outcome.Return, input.Opinion?.Trim(), caller.Actor, commands.Now, input.Figures,
                Participants(input.Participants, errors),
                Measurement: input.Measurement is { } m ? new Measurement(m.Method?.Trim() ?? "", m.By?.Trim() ?? "") : null);
        }, field: "figures");

    private static async Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> ClaimAsync(
        Guid taskId, ClaimsPrincipal user, TaskCommands commands, CancellationToken cancellationToken) =>
        await commands.AssignAsync(taskId, user, cancellationToken, (task, caller) =>
            task.AssignedTo is null || task.AssignedTo == caller.UserId ? (caller.UserId, caller.DisplayName, "task.claimed", null) : null);

    private static async Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> ReleaseAsync(
        Guid taskId, ClaimsPrincipal user, TaskCommands commands, CancellationToken cancellationToken) =>
        await commands.AssignAsync(taskId, user, cancellationToken, (task, caller) =>
            task.AssignedTo == caller.UserId || caller.IsManager ? (null, null, "task.released", null) : null);

    private static async Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> DelegateAsync(
        Guid taskId, DelegateInput input, ClaimsPrincipal user, TaskCommands commands, TaskAccess access, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        // Scope first: someone outside the department learns nothing, not even what the body lacks.
        var found = await access.WorkAsync(taskId, user, cancellationToken);
        if (found.Granted is not { OwnParty: true, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (string.IsNullOrWhiteSpace(input.UserName))
        {
            return ApiProblems.Field("userName", "请指定接办的同事（用户名）");
        }

        var colleague = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == input.UserName && !u.Disabled, cancellationToken);
        if (colleague is null || colleague.OrganisationId != caller.OrganisationId)
        {
            return ApiProblems.Field("userName", "只能转交给本部门的同事");
        }

        return await commands.AssignAsync(taskId, user, cancellationToken, (task, me) =>
            task.AssignedTo is null || task.AssignedTo == me.UserId || me.IsManager
                ? (colleague.Id.ToString(), colleague.DisplayName, "task.delegated", colleague.UserName)
                : null);
    }

    private static async Task<Results<Ok<TaskDetail>, NotFound, ProblemHttpResult, ForbidHttpResult>> RequestAcceptanceAsync(
        Guid projectId, AcceptanceRequestInput input, ClaimsPrincipal user, TaskCommands commands, ProjectAccess projects, WorkflowRuntime runtime,
        CancellationToken cancellationToken)
    {
        var found = await projects.ApplyAsync(projectId, user, cancellationToken);
        if (found.Granted is not { Project: var project })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        // Whose application it is (the implementing entity's, or the town's) the task access decides, as for any task.
        if (project.InstanceId is { } instanceId && await runtime.AcceptanceApplicationAsync(instanceId, cancellationToken) is { } taskId)
        {
            return await commands.RunAsync(taskId, user, input.AttachmentIds, cancellationToken, (_, me, _) =>
                new CompleteTask(taskId, Outcome.Approve, input.Opinion?.Trim(), me.Actor, commands.Now), field: "opinion", implementingEntityMayAct: true);
        }

        return ApiProblems.Conflict("项目当前不在申请整体验收的环节（单项验收尚未全部通过，或已申请）");
    }
}
