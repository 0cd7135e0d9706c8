using System.Globalization;
using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

internal sealed partial class Interpreter
{
    private void OpenTask(ActivityRecord activity, Step step, Assignee assignee, int? limitWorkingDays, IReadOnlyList<Outcome> outcomes, bool warnings = true)
    {
        var party = Resolve(assignee, activity);
        var taskId = context.NewId();
        activity.TaskId = taskId;
        activity.Assignee = party;
        var due = limitWorkingDays is { } days ? context.Calendar.AddWorkingDays(at, days) : null;
        activity.DueAt = due?.EndsAt;
        activity.DueProvisional = due?.Provisional ?? false;
        Emit(new TaskOpened(taskId, activity.Id, step.Id, step.Name, step.Activity, party, ItemOf(activity), due, outcomes, at));
        Publish(MessageTypes.TaskAssigned, party, activity,
            (MessageEnvelope.TaskId, taskId.ToString()),
            ("department", party.Code),
            ("jurisdiction", party.Jurisdiction),
            ("dueDate", due?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (MessageEnvelope.DueAt, due?.EndsAt.ToString("O", CultureInfo.InvariantCulture)),
            ("provisional", due?.Provisional.ToString()));
        Audit("task.opened", null, ("step", step.Id), ("task", taskId.ToString()), ("assignee", party.ToString()),
            ("due", due?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (due is not null && warnings)
        {
            ScheduleWarnings(activity, taskId, due);
        }
    }

    /// <summary>
    /// Yellow from the start of the first day on which at most the definition's threshold of working days
    /// remain; red once the time limit has ended. Only the next warning has a timer: firing the yellow one
    /// schedules the red one, so a task carries one timer row at a time. A task already inside the yellow
    /// window turns yellow at once.
    /// </summary>
    private void ScheduleWarnings(ActivityRecord activity, Guid taskId, DueDate due)
    {
        var threshold = definition.YellowAtWorkingDaysLeft;
        var day = due.Date;
        while (context.Calendar.WorkingDaysBetween(day.AddDays(-1), due.Date) <= threshold)
        {
            day = day.AddDays(-1);
        }

        var yellowAt = ChinaStandardTime.StartOf(day);
        if (yellowAt <= at)
        {
            RaiseWarning(activity, taskId, TaskWarning.Yellow);
            ScheduleTimer(TimerKind.TaskOverdue, due.EndsAt, activity, taskId);
        }
        else
        {
            ScheduleTimer(TimerKind.TaskDueSoon, yellowAt, activity, taskId);
        }
    }

    /// <summary>
    /// Counts every provisional time limit again on the current calendar. A changed due date moves the task's
    /// warning (or filing window) timer with it; a 容缺 deadline moves its timer too.
    /// </summary>
    internal void RecomputeProvisionalDeadlines()
    {
        foreach (var activity in state.Activities.Where(a => a.Status == ActivityStatus.Active && a.TaskId is not null && a.DueProvisional).ToList())
        {
            var limit = StepOf(activity) switch
            {
                ReviewStep r => r.TimeLimitWorkingDays,
                TaskStep t => t.TimeLimitWorkingDays,
                SignOffStep s => s.TimeLimitWorkingDays,
                AcceptanceStep a => a.TimeLimitWorkingDays,
                FilingStep f => f.ObjectionWindowWorkingDays,
                ConsentVoteStep v => v.TimeLimitWorkingDays,
                _ => null,
            };
            if (limit is not { } days)
            {
                continue;
            }

            var due = context.Calendar.AddWorkingDays(activity.StartedAt, days);
            activity.DueProvisional = due.Provisional;
            if (due.EndsAt == activity.DueAt)
            {
                Emit(new TaskDueChanged(activity.TaskId!.Value, due));
                continue;
            }

            Audit("task.due-recomputed", null, ("step", activity.StepId), ("task", activity.TaskId.ToString()),
                ("from", activity.DueAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("to", due.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            activity.DueAt = due.EndsAt;
            Emit(new TaskDueChanged(activity.TaskId!.Value, due));
            var filing = StepOf(activity) is FilingStep;
            foreach (var timer in state.Timers.Where(t => t.TaskId == activity.TaskId && t.Kind != TimerKind.DeferralDeadline).ToList())
            {
                CancelTimer(timer);
            }

            if (filing)
            {
                ScheduleTimer(TimerKind.FilingWindow, due.EndsAt, activity, activity.TaskId);
            }
            else
            {
                ScheduleWarnings(activity, activity.TaskId!.Value, due);
            }
        }

        foreach (var deferral in state.Deferrals.Where(d => d.Status == DeferralStatus.Open && d.DeadlineProvisional))
        {
            var deadline = context.Calendar.AddWorkingDays(deferral.AcceptedAt, deferral.DeadlineWorkingDays);
            deferral.DeadlineProvisional = deadline.Provisional;
            if (deadline.EndsAt == deferral.Deadline)
            {
                continue;
            }

            deferral.Deadline = deadline.EndsAt;
            var old = state.Timers.First(t => t.Id == deferral.TimerId);
            CancelTimer(old);
            deferral.TimerId = ScheduleTimer(TimerKind.DeferralDeadline, deadline.EndsAt, state.Activity(deferral.ActivityId), deferral.TaskId).Id;
        }
    }

    private void RaiseWarning(ActivityRecord activity, Guid taskId, TaskWarning warning)
    {
        Emit(new TaskWarningRaised(taskId, warning, at));
        var party = LastOpened(taskId);
        Publish(warning == TaskWarning.Yellow ? MessageTypes.TaskDueSoon : MessageTypes.TaskOverdue, party, activity,
            (MessageEnvelope.TaskId, taskId.ToString()), ("department", party?.Code), ("jurisdiction", party?.Jurisdiction));
        Audit(warning == TaskWarning.Yellow ? "task.due-soon" : "task.overdue", null, ("task", taskId.ToString()), ("step", activity.StepId));
    }

    /// <summary>Whom a task was addressed to, as resolved when it opened.</summary>
    private Party? LastOpened(Guid taskId) => state.Activities.First(a => a.TaskId == taskId).Assignee;

    private static readonly Assignee VillageCommittee = new(null, null, "village-committee");

    private void CloseTask(ActivityRecord activity, TaskClosure closure, Outcome? outcome, string? opinion, string? reason = null)
    {
        var taskId = activity.TaskId!.Value;
        Emit(new TaskClosed(taskId, closure, outcome, opinion, actor, at, reason,
            context.Calendar.WorkingDaysBetween(ChinaStandardTime.DateOf(activity.StartedAt), ChinaStandardTime.DateOf(at)),
            activity.Assignee is { } assignee ? new ClosedTaskFacts(assignee, activity.StepId, StepOf(activity).Name, activity.DueAt) : null,
            closure == TaskClosure.Completed ? state.Project.DataVersion : null));

        // The task's own timers go with it; a 容缺 deadline outlives the review that granted it.
        foreach (var timer in state.Timers.Where(t => t.TaskId == taskId && t.Kind != TimerKind.DeferralDeadline).ToList())
        {
            CancelTimer(timer);
        }
    }

    private TimerRecord ScheduleTimer(TimerKind kind, DateTimeOffset dueAt, ActivityRecord activity, Guid? taskId)
    {
        var timer = new TimerRecord(context.NewId(), kind, dueAt, activity.Id, taskId);
        state.Timers.Add(timer);
        Emit(new TimerScheduled(timer));
        return timer;
    }

    private void CancelTimer(TimerRecord timer)
    {
        state.Timers.Remove(timer);
        Emit(new TimerCancelled(timer.Id));
    }

    private void StartFiling(ActivityRecord activity, FilingStep filing)
    {
        // The filing stands on submission: the receiver's task is only the chance to object within the window.
        OpenTask(activity, filing, filing.Assignee, filing.ObjectionWindowWorkingDays, [Outcome.Approve, Outcome.Return], warnings: false);
        var window = context.Calendar.AddWorkingDays(at, filing.ObjectionWindowWorkingDays);
        ScheduleTimer(TimerKind.FilingWindow, window.EndsAt, activity, activity.TaskId);
        var receiver = Resolve(filing.Assignee, activity);
        Publish(MessageTypes.FilingSubmitted, receiver, activity,
            (MessageEnvelope.TaskId, activity.TaskId.ToString()),
            ("objectionWindowEnds", window.EndsAt.ToString("O", CultureInfo.InvariantCulture)));
        Audit("filing.submitted", null, ("step", filing.Id), ("receiver", receiver.ToString()),
            ("windowEnds", window.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    private void StartConsentVote(ActivityRecord activity, ConsentVoteStep vote)
    {
        // The village committee records the meeting; the consent module's verdict resumes this step.
        OpenTask(activity, vote, VillageCommittee, vote.TimeLimitWorkingDays, []);
        Emit(new BookmarkCreated(BookmarkKind.Consent, ItemOf(activity)!.Key, activity.Id));
    }
}
