using System.Globalization;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

internal sealed partial class Interpreter
{
    /// <summary>Checks the command against the instance, then applies it. A refused command changes nothing.</summary>
    public void Handle(Command command)
    {
        if (command is FireTimer fire)
        {
            FireTimer(fire);
            return;
        }

        if (command is RecomputeDeadlines)
        {
            if (!state.IsFinished)
            {
                RecomputeProvisionalDeadlines();
            }

            return;
        }

        if (state.IsFinished)
        {
            throw new EngineException(EngineErrorKind.Conflict, $"该流程已结束（{state.Status}）");
        }

        if (state.Status == InstanceStatus.Suspended && command is not Runtime.SupplementMaterial)
        {
            throw new EngineException(EngineErrorKind.Conflict, $"流程已中止：{state.StatusReason}；补齐材料后恢复");
        }

        switch (command)
        {
            case CompleteTask complete:
                CompleteTask(complete.TaskId, complete.Outcome, complete.Opinion, complete.Figures, complete.Participants, complete.Moves, complete.Measurement);
                break;
            case ObjectToFiling objection:
                if (StepOf(OpenTaskActivity(objection.TaskId)) is not FilingStep)
                {
                    throw new EngineException(EngineErrorKind.Invalid, "只能对备案事项提出异议");
                }

                CompleteTask(objection.TaskId, Outcome.Return, objection.Reason, null, null, null, null);
                break;
            case AcceptWithDeferral deferral:
                AcceptWithDeferral(deferral);
                break;
            case SupplementMaterial supplement:
                SupplementMaterial(supplement);
                break;
            case RecordConsent consent:
                RecordConsent(consent);
                break;
            case CloseBatch batch:
                CloseBatch(batch);
                break;
            case CorrectProject correction:
                CorrectProject(correction);
                break;
            case RequestException request:
                RequestException(request);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null);
        }
    }

    private ActivityRecord OpenTaskActivity(Guid taskId)
    {
        var activity = state.Activities.LastOrDefault(a => a.TaskId == taskId)
            ?? throw new EngineException(EngineErrorKind.NotFound, "没有这个任务");
        return activity.Status == ActivityStatus.Active
            ? activity
            : throw new EngineException(EngineErrorKind.Conflict, $"任务已{(activity.Status == ActivityStatus.Cancelled ? "撤销" : "办结")}");
    }

    private void CompleteTask(
        Guid taskId, Outcome outcome, string? opinion, IReadOnlyDictionary<string, decimal>? figures, IReadOnlyList<Participant>? participants, SubProjectMoves? moves,
        Measurement? measurement)
    {
        var activity = OpenTaskActivity(taskId);
        if (activity.ExceptionFor is not null)
        {
            DecideException(activity, outcome, opinion);
            return;
        }

        var step = StepOf(activity);
        var allowed = step switch
        {
            ReviewStep r => AllowedOutcomes(activity, r.Outcomes),
            SignOffStep s => AllowedOutcomes(activity, s.ReturnTo is null ? [Outcome.Approve] : [Outcome.Approve, Outcome.Return]),
            AcceptanceStep a => AllowedOutcomes(activity, a.Outcomes),
            FilingStep => [Outcome.Approve, Outcome.Return],
            TaskStep => [Outcome.Approve],
            ConsentVoteStep => throw new EngineException(EngineErrorKind.Invalid, "村民表决由村委会登记表决记录，结果依法评定后生效"),
            _ => [],
        };
        if (!allowed.Contains(outcome))
        {
            throw new EngineException(EngineErrorKind.Invalid,
                $"“{step.Name}”可选的办理结果为：{string.Join("、", allowed.Select(OutcomeName))}");
        }

        if (outcome != Outcome.Approve && string.IsNullOrWhiteSpace(opinion))
        {
            throw new EngineException(EngineErrorKind.Invalid, step is FilingStep ? "提出异议须说明理由" : "退回或不予通过须填写意见");
        }

        if (step is TaskStep { Records: { } records } && string.IsNullOrWhiteSpace(opinion))
        {
            throw new EngineException(EngineErrorKind.Invalid, $"请填写{records}", "opinion");
        }

        var measured = new Dictionary<string, decimal>();
        if (measurement is not null && step is not SignOffStep)
        {
            throw new EngineException(EngineErrorKind.Invalid, "只有验收任务记录测量方式", "measurement");
        }

        if (step is SignOffStep signOff && outcome == Outcome.Approve)
        {
            foreach (var measure in signOff.Measures)
            {
                if (figures is null || !figures.TryGetValue(measure.Fact, out var value))
                {
                    throw new EngineException(EngineErrorKind.Invalid,
                        $"缺少{(measure.OnSite ? "实测" : "")}数据：{context.Catalogue.Fact(measure.Fact)?.Name ?? measure.Fact}（{measure.Fact}）");
                }

                if (value < 0)
                {
                    throw new EngineException(EngineErrorKind.Invalid, $"{measure.Fact} 不能为负数");
                }

                measured[measure.Fact] = value;
            }

            // Figures the step does not ask for are kept too when the catalogue knows them: the opinion reports
            // what was measured, and nothing a department reported is dropped.
            foreach (var (code, value) in figures ?? new Dictionary<string, decimal>())
            {
                if (measured.ContainsKey(code))
                {
                    continue;
                }

                if (context.Catalogue.Fact(code) is not { Type: "number" })
                {
                    throw new EngineException(EngineErrorKind.Invalid, $"目录中没有数值指标 {code}", $"figures.{code}");
                }

                measured[code] = value >= 0 ? value : throw new EngineException(EngineErrorKind.Invalid, $"{code} 不能为负数", $"figures.{code}");
            }
        }

        var representatives = step switch
        {
            SignOffStep s => s.VillageRepresentatives,
            AcceptanceStep a => a.VillageRepresentatives,
            _ => Participation.None,
        };
        if (participants is { Count: > 0 } && step is not (SignOffStep or AcceptanceStep))
        {
            throw new EngineException(EngineErrorKind.Invalid, "只有验收任务记录参加验收人员", "participants");
        }

        if (representatives == Participation.Required && outcome == Outcome.Approve
            && participants?.Any(p => p.Role == Participant.VillageRepresentative) != true)
        {
            throw new EngineException(EngineErrorKind.Invalid, $"“{step.Name}”须有村民（群众）代表参加验收", "participants");
        }

        if (step is SignOffStep measuring && outcome == Outcome.Approve)
        {
            CheckMeasurement(measuring, measurement);
        }

        if (moves is not null)
        {
            MoveSubProjects(activity, step, outcome, moves);
        }

        activity.Opinion = opinion;
        activity.Figures = measured.Count > 0 ? measured : null;
        activity.Measurement = measured.Count > 0 ? measurement : null;
        if (measured.Count > 0)
        {
            RecordMeasured(activity, measured);
        }

        activity.Participants = participants is { Count: > 0 } ? [.. participants] : null;
        CloseTask(activity, TaskClosure.Completed, outcome, opinion);
        Publish(MessageTypes.TaskCompleted, null, activity, (MessageEnvelope.TaskId, taskId.ToString()), ("outcome", outcome.ToString()), ("opinion", opinion));
        Audit("task.completed", opinion, ("step", step.Id), ("task", taskId.ToString()), ("outcome", outcome.ToString()),
            ("projectVersion", state.Project.DataVersion.ToString(CultureInfo.InvariantCulture)),
            ("figures", measured.Count == 0 ? null : string.Join(", ", measured.Select(m => $"{m.Key}={m.Value.ToString(CultureInfo.InvariantCulture)}"))),
            ("participants", participants is { Count: > 0 } ? string.Join("、", participants.Select(p => $"{p.Name}（{Participant.Roles.GetValueOrDefault(p.Role, p.Role)}）")) : null));

        switch (step, outcome)
        {
            case (SignOffStep, Outcome.Approve):
                Publish(MessageTypes.SignOffRecorded, null, activity, ("figures", string.Join(", ", measured.Select(m => $"{m.Key}={m.Value.ToString(CultureInfo.InvariantCulture)}"))));
                break;
            case (AcceptanceStep, Outcome.Approve):
                Publish(MessageTypes.AcceptancePassed, null, activity);
                break;
            case (FilingStep, Outcome.Return):
                Publish(MessageTypes.FilingObjected, null, activity, ("reason", opinion));
                Audit("filing.objected", opinion, ("step", step.Id));
                break;
        }

        switch (outcome)
        {
            case Outcome.Approve:
                Complete(activity, BranchResult.Approved);
                break;
            case Outcome.Reject:
                _rejection = $"{step.Name}：不予通过（{opinion}）";
                Complete(activity, BranchResult.Rejected);
                break;
            default:
                var returnTo = step switch
                {
                    ReviewStep r => r.ReturnTo,
                    SignOffStep s => s.ReturnTo,
                    AcceptanceStep a => a.ReturnTo,
                    FilingStep f => f.ReturnTo,
                    _ => null,
                };
                if (returnTo is null)
                {
                    // Inside a returning join: the join decides where the project goes back to.
                    Complete(activity, BranchResult.Returned);
                }
                else
                {
                    ReturnTo(activity, returnTo, $"{step.Name}：{opinion}");
                }

                break;
        }
    }

    private string? _rejection;

    private static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Approve => "通过",
        Outcome.Reject => "不予通过",
        _ => "退回补正",
    };

    private void AcceptWithDeferral(AcceptWithDeferral command)
    {
        var activity = OpenTaskActivity(command.TaskId);
        if (StepOf(activity) is not ReviewStep { Deferral: { } policy } review)
        {
            throw new EngineException(EngineErrorKind.Invalid, "此环节不适用容缺受理");
        }

        if (command.Materials.Count == 0)
        {
            throw new EngineException(EngineErrorKind.Invalid, "请列明容缺的材料");
        }

        var unknown = command.Materials.Where(m => !policy.Materials.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new EngineException(EngineErrorKind.Invalid,
                $"{string.Join("、", unknown)}不在可容缺材料清单中（{string.Join("、", policy.Materials)}）");
        }

        if (state.Deferrals.Any(d => d.ActivityId == activity.Id && d.Status == DeferralStatus.Open))
        {
            throw new EngineException(EngineErrorKind.Conflict, "此环节已容缺受理");
        }

        var deadline = context.Calendar.AddWorkingDays(at, policy.DeadlineWorkingDays);
        var timer = ScheduleTimer(TimerKind.DeferralDeadline, deadline.EndsAt, activity, command.TaskId);
        state.Deferrals.Add(new DeferralRecord
        {
            ActivityId = activity.Id,
            TaskId = command.TaskId,
            Pending = [.. command.Materials.Distinct()],
            Deadline = deadline.EndsAt,
            AcceptedAt = at,
            DeadlineWorkingDays = policy.DeadlineWorkingDays,
            DeadlineProvisional = deadline.Provisional,
            TimerId = timer.Id,
            OnMissed = policy.OnMissed,
            Status = DeferralStatus.Open,
        });
        var applicant = state.Project.ImplementingEntity;
        Publish(MessageTypes.MaterialDeferred, Party.Role("implementing-entity", applicant), activity,
            (MessageEnvelope.TaskId, command.TaskId.ToString()), ("materials", string.Join("、", command.Materials)),
            ("deadline", deadline.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("onMissed", policy.OnMissed.ToString()));
        Audit("deferral.accepted", null, ("step", review.Id), ("materials", string.Join("、", command.Materials)),
            ("deadline", deadline.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    private void SupplementMaterial(SupplementMaterial command)
    {
        var deferral = state.Deferrals.LastOrDefault(d => d.TaskId == command.TaskId && d.Status is DeferralStatus.Open or DeferralStatus.Missed)
            ?? throw new EngineException(EngineErrorKind.NotFound, "此任务没有待补正的容缺材料");
        if (!deferral.Pending.Contains(command.Material))
        {
            throw new EngineException(EngineErrorKind.Invalid, $"{command.Material}不在待补正材料中（{string.Join("、", deferral.Pending)}）");
        }

        deferral.Pending.Remove(command.Material);
        deferral.Supplied.Add(command.Material);
        var activity = state.Activity(deferral.ActivityId);
        Publish(MessageTypes.MaterialSupplemented, null, activity, (MessageEnvelope.TaskId, command.TaskId.ToString()), ("material", command.Material),
            ("remaining", string.Join("、", deferral.Pending)));
        Audit("deferral.supplemented", null, ("material", command.Material), ("remaining", string.Join("、", deferral.Pending)));
        if (deferral.Pending.Count > 0)
        {
            return;
        }

        var wasMissed = deferral.Status == DeferralStatus.Missed;
        deferral.Status = DeferralStatus.Satisfied;
        if (state.Timers.FirstOrDefault(t => t.Id == deferral.TimerId) is { } timer)
        {
            CancelTimer(timer);
        }

        if (wasMissed && state.Status == InstanceStatus.Suspended)
        {
            var blocked = state.Activities.Where(a => a.Status == ActivityStatus.Active && a.BlockedReasons is not null).SelectMany(a => a.BlockedReasons!).ToList();
            state.Status = blocked.Count > 0 ? InstanceStatus.Blocked : InstanceStatus.Running;
            state.StatusReason = blocked.Count > 0 ? string.Join("；", blocked) : null;
            Audit("instance.resumed", "容缺材料已补齐");
        }

        ReleaseHeldSteps();
    }

    private void RecordConsent(RecordConsent command)
    {
        var activity = state.Activities.LastOrDefault(a => a.Status == ActivityStatus.Active && a.Kind == ActivityKind.Step
                && StepOf(a) is ConsentVoteStep && ItemOf(a)?.Key == command.VillageCode)
            ?? throw new EngineException(EngineErrorKind.NotFound, $"村 {command.VillageCode} 没有等待表决的事项");
        activity.Attempts++;
        Publish(MessageTypes.ConsentRecorded, null, activity, (MessageEnvelope.Village, command.VillageCode), ("passed", command.Passed.ToString()),
            ("summary", command.Summary), ("attempt", activity.Attempts.ToString(CultureInfo.InvariantCulture)));
        Audit("consent.recorded", command.Summary, ("village", command.VillageCode), ("passed", command.Passed.ToString()),
            ("attempt", activity.Attempts.ToString(CultureInfo.InvariantCulture)));
        if (!command.Passed)
        {
            // 表决未通过：可以再次召开会议表决；流程在此等待。
            return;
        }

        CloseTask(activity, TaskClosure.Completed, Outcome.Approve, command.Summary);
        Emit(new BookmarkRemoved(BookmarkKind.Consent, command.VillageCode, activity.Id));
        Complete(activity, BranchResult.Approved);
    }

    private void CloseBatch(CloseBatch command)
    {
        var activity = state.Activities.LastOrDefault(a => a.Status == ActivityStatus.Active && a.Kind == ActivityKind.Step
                && StepOf(a) is BatchStep b && b.BatchKind == command.BatchKind)
            ?? throw new EngineException(EngineErrorKind.NotFound, $"此项目不在等待“{command.BatchKind}”的批次中");
        var batch = (BatchStep)StepOf(activity);
        if (command.Decision == BatchDecision.Rectify && batch.ReturnTo is null)
        {
            throw new EngineException(EngineErrorKind.Invalid, $"“{batch.Name}”不设整改，只能决定通过或不通过", "decision");
        }

        if (command.Decision != BatchDecision.Passed && string.IsNullOrWhiteSpace(command.Opinion))
        {
            throw new EngineException(EngineErrorKind.Invalid, "整改或不通过须写明批次验收意见", "opinion");
        }

        Emit(new BookmarkRemoved(BookmarkKind.Batch, BookmarkKeys.Batch(batch.BatchKind, Resolve(batch.Assignee, activity).Jurisdiction), activity.Id));
        Publish(MessageTypes.BatchClosed, null, activity, ("batch", command.BatchReference), ("approved", (command.Decision == BatchDecision.Passed).ToString()),
            ("decision", command.Decision.ToString()), ("opinion", command.Opinion));
        Audit("batch.closed", command.Opinion, ("step", batch.Id), ("batch", command.BatchReference), ("decision", command.Decision.ToString()));
        activity.Opinion = command.Opinion;
        switch (command.Decision)
        {
            case BatchDecision.Passed:
                Complete(activity, BranchResult.Approved);
                break;
            case BatchDecision.Rectify:
                ReturnTo(activity, batch.ReturnTo!, $"{batch.Name}（{command.BatchReference}）：整改（{command.Opinion}）");
                break;
            default:
                _rejection = $"{batch.Name}：{command.BatchReference}验收不通过（{command.Opinion}）";
                Complete(activity, BranchResult.Rejected);
                break;
        }
    }

    private void FireTimer(FireTimer command)
    {
        var timer = state.Timers.FirstOrDefault(t => t.Id == command.TimerId);
        if (timer is null || state.IsFinished)
        {
            // Cancelled by a step that came first, or the process is over: nothing to do.
            return;
        }

        state.Timers.Remove(timer);
        var activity = state.Activity(timer.ActivityId);
        switch (timer.Kind)
        {
            case TimerKind.TaskDueSoon when activity.Status == ActivityStatus.Active:
                RaiseWarning(activity, timer.TaskId!.Value, TaskWarning.Yellow);
                ScheduleTimer(TimerKind.TaskOverdue, activity.DueAt!.Value, activity, timer.TaskId);
                break;
            case TimerKind.TaskOverdue when activity.Status == ActivityStatus.Active:
                RaiseWarning(activity, timer.TaskId!.Value, TaskWarning.Red);
                break;
            case TimerKind.FilingWindow when activity.Status == ActivityStatus.Active:
                const string deemed = "异议期满未提出异议，视同备案";
                CloseTask(activity, TaskClosure.Completed, Outcome.Approve, deemed);
                Publish(MessageTypes.FilingDeemedComplete, null, activity, (MessageEnvelope.TaskId, timer.TaskId.ToString()));
                Audit("filing.deemed-complete", deemed, ("step", activity.StepId));
                Complete(activity, BranchResult.Approved);
                break;
            case TimerKind.DeferralDeadline:
                MissDeferral(timer);
                break;
        }
    }

    private void MissDeferral(TimerRecord timer)
    {
        var deferral = state.Deferrals.FirstOrDefault(d => d.TimerId == timer.Id && d.Status == DeferralStatus.Open);
        if (deferral is null)
        {
            return;
        }

        deferral.Status = DeferralStatus.Missed;
        var activity = state.Activity(deferral.ActivityId);
        var materials = string.Join("、", deferral.Pending);
        Publish(MessageTypes.MaterialDeadlineMissed, Party.Role("implementing-entity", state.Project.ImplementingEntity), activity,
            (MessageEnvelope.TaskId, deferral.TaskId.ToString()), ("materials", materials), ("consequence", deferral.OnMissed.ToString()));
        Audit("deferral.missed", materials, ("consequence", deferral.OnMissed.ToString()));
        switch (deferral.OnMissed)
        {
            case DeferralConsequence.Terminate:
                Terminate(InstanceStatus.Terminated, $"容缺材料逾期未补正（{materials}），终止审批");
                break;
            case DeferralConsequence.NotApproved:
                Terminate(InstanceStatus.Rejected, $"容缺材料逾期未补正（{materials}），不予批准");
                break;
            case DeferralConsequence.Suspend:
                state.Status = InstanceStatus.Suspended;
                state.StatusReason = $"容缺材料逾期未补正（{materials}），审批中止";
                Audit("instance.suspended", state.StatusReason);
                break;
        }
    }
}
