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
        var due = limitWorkingDays is { } days ? context.Calendar.AddWorkingDays(at, days) : null;
        activity.DueAt = due?.EndsAt;
        Emit(new TaskOpened(taskId, activity.Id, step.Id, step.Name, step.Activity, party, ItemOf(activity), due, outcomes, at));
        Publish(MessageTypes.TaskAssigned, party, activity,
            ("taskId", taskId.ToString()),
            ("department", party.Code),
            ("jurisdiction", party.Jurisdiction),
            ("dueDate", due?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("dueAt", due?.EndsAt.ToString("O", CultureInfo.InvariantCulture)),
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

    private void RaiseWarning(ActivityRecord activity, Guid taskId, TaskWarning warning)
    {
        Emit(new TaskWarningRaised(taskId, warning, at));
        var party = LastOpened(taskId);
        Publish(warning == TaskWarning.Yellow ? MessageTypes.TaskDueSoon : MessageTypes.TaskOverdue, party, activity,
            ("taskId", taskId.ToString()), ("department", party?.Code), ("jurisdiction", party?.Jurisdiction));
        Audit(warning == TaskWarning.Yellow ? "task.due-soon" : "task.overdue", null, ("task", taskId.ToString()), ("step", activity.StepId));
    }

    /// <summary>Whom a task was addressed to, as resolved when it opened.</summary>
    private Party? LastOpened(Guid taskId)
    {
        var activity = state.Activities.First(a => a.TaskId == taskId);
        var step = StepOf(activity);
        var assignee = step switch
        {
            ReviewStep r => r.Assignee,
            TaskStep t => t.Assignee,
            SignOffStep s => s.Assignee,
            AcceptanceStep a => a.Assignee,
            FilingStep f => f.Assignee,
            ConsentVoteStep => VillageCommittee,
            _ => null,
        };
        return assignee is null ? null : Resolve(assignee, activity);
    }

    private static readonly Assignee VillageCommittee = new(null, null, "village-committee");

    private void CloseTask(ActivityRecord activity, TaskClosure closure, Outcome? outcome, string? opinion, string? reason = null)
    {
        var taskId = activity.TaskId!.Value;
        Emit(new TaskClosed(taskId, closure, outcome, opinion, actor, at, reason));

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
            ("taskId", activity.TaskId.ToString()),
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
