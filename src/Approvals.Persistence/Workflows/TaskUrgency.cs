using System.Linq.Expressions;
using Approvals.Engine.Runtime;
using LinqKit;

namespace Approvals.Persistence.Workflows;

/// <summary>
/// 红黄灯: the one meaning of yellow, red, overdue and due soon, for every list that shows them (the inbox, the
/// managers' views, the pages). The engine raises a task's warning by timer (yellow when at most the step's
/// <c>yellowAtWorkingDaysLeft</c> working days remain, red when its time limit has ended) and the row keeps it
/// (<see cref="TaskRecord.Warning"/>). Overdue is read from the time limit and the clock, so that a list is right
/// also in the seconds before the red timer fires; due soon is yellow and not yet overdue.
/// </summary>
public static class TaskUrgency
{
    /// <summary>黄灯: the time limit is near.</summary>
    public const string Yellow = "yellow";

    /// <summary>红灯: the time limit has ended.</summary>
    public const string Red = "red";

    /// <summary>The column's value for a warning the engine raised.</summary>
    public static string Of(TaskWarning warning) => warning == TaskWarning.Yellow ? Yellow : Red;

    /// <param name="now">In UTC: PostgreSQL's timestamptz parameters take no other offset.</param>
    public static Expression<Func<TaskRecord, bool>> Overdue(DateTimeOffset now) => t => t.DueAt != null && t.DueAt < now;

    /// <param name="now">In UTC.</param>
    public static Expression<Func<TaskRecord, bool>> DueSoon(DateTimeOffset now)
    {
        var overdue = Overdue(now);
        return Linq.Expr((TaskRecord t) => t.Warning == Yellow && !overdue.Invoke(t)).Expand();
    }

    public static bool IsOverdue(DateTimeOffset? dueAt, DateTimeOffset now) => dueAt is { } due && due < now;

    /// <summary>How a page or an export names the light: 红灯, 黄灯, or nothing.</summary>
    public static string Name(string? warning, bool overdue) => overdue ? "红灯" : warning == Yellow ? "黄灯" : "";
}
