using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// Thresholds "in principle" (原则上): a gate blocked by such a check does not block for ever. The implementing entity asks
/// for an exception with reasons; the body the definition names (the leading group) decides. Granted, the gate is judged
/// without that check; refused, it stays blocked until the figures are corrected. Strict checks have no such route.
/// </summary>
internal sealed partial class Interpreter
{
    private void RequestException(RequestException command)
    {
        if (string.IsNullOrWhiteSpace(command.Reason))
        {
            throw new EngineException(EngineErrorKind.Invalid, "请说明申请例外的理由", "reason");
        }

        var blocked = state.Activities.LastOrDefault(a => a.Status == ActivityStatus.Active && a.BlockedReasons is not null
                && StepOf(a) is GateStep g && g.Checks.Any(c => c.Id == command.CheckId))
            ?? throw new EngineException(EngineErrorKind.NotFound, $"没有因“{command.CheckId}”校验受阻的环节");
        var gate = (GateStep)StepOf(blocked);
        var check = gate.Checks.First(c => c.Id == command.CheckId);
        if (check.Exception is not { } route)
        {
            throw new EngineException(EngineErrorKind.Invalid, $"“{check.Name}”是刚性要求（{check.Citation}），不适用例外，请更正数据", "checkId");
        }

        if (FactEvaluator.Failure(check, FactsFor(check), context.Catalogue) is null || blocked.WaivedChecks?.Contains(check.Id) == true)
        {
            throw new EngineException(EngineErrorKind.Conflict, $"“{check.Name}”未阻止本环节，无需申请例外");
        }

        if (state.Activities.Any(a => a.ParentId == blocked.Id && a.Status == ActivityStatus.Active && a.ExceptionFor == check.Id))
        {
            throw new EngineException(EngineErrorKind.Conflict, $"“{check.Name}”的例外申请正在审议");
        }

        var request = NewActivity(blocked, ActivityKind.Step, gate.Id, 0, null);
        request.ExceptionFor = check.Id;
        request.Note = command.Reason;
        var decision = new ReviewStep(gate.Id, $"{check.Name}（原则上）例外申请审议", gate.Seed, gate.Path, route.Assignee, route.TimeLimitWorkingDays,
            [Outcome.Approve, Outcome.Reject], null, null);
        OpenTask(request, decision, route.Assignee, route.TimeLimitWorkingDays, [Outcome.Approve, Outcome.Reject]);
        Audit("exception.requested", command.Reason, ("step", gate.Id), ("check", check.Id), ("citation", check.Citation));
    }

    private void DecideException(ActivityRecord request, Outcome outcome, string? opinion)
    {
        if (outcome is not (Outcome.Approve or Outcome.Reject))
        {
            throw new EngineException(EngineErrorKind.Invalid, "例外申请的办理结果为：同意、不同意", "outcome");
        }

        if (outcome == Outcome.Reject && string.IsNullOrWhiteSpace(opinion))
        {
            throw new EngineException(EngineErrorKind.Invalid, "不同意例外须说明理由", "opinion");
        }

        var gateActivity = state.Activity(request.ParentId!.Value);
        var checkId = request.ExceptionFor!;
        request.Opinion = opinion;
        CloseTask(request, TaskClosure.Completed, outcome, opinion);
        Publish(MessageTypes.TaskCompleted, null, request, (MessageEnvelope.TaskId, request.TaskId.ToString()), ("outcome", outcome.ToString()), ("opinion", opinion));

        // The request is settled here, not by the tree: a gate is not a sequence for it to move on in.
        request.Status = ActivityStatus.Completed;
        request.Result = outcome == Outcome.Approve ? BranchResult.Approved : BranchResult.Rejected;
        request.EndedAt = at;
        if (outcome == Outcome.Reject)
        {
            Audit("exception.refused", opinion, ("step", gateActivity.StepId), ("check", checkId));
            return;
        }

        Audit("exception.granted", opinion, ("step", gateActivity.StepId), ("check", checkId));
        (gateActivity.WaivedChecks ??= []).Add(checkId);
        EvaluateGate(gateActivity, (GateStep)StepOf(gateActivity));
    }
}
