using System.Linq.Expressions;
using Approvals.Engine.Calendar;
using Approvals.Persistence.Workflows;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>
/// 在办时长 (ageing): how long open tasks have been open, in working days since they opened on the statutory calendar,
/// in the buckets managers read (0–5, 6–10, 11–20, more than 20), counted from today. The bounds are the instants where
/// each bucket starts, so the buckets are conditions on an indexed column.
/// </summary>
internal sealed record AgeingBounds(DateTimeOffset Now, DateOnly Today, DateTimeOffset Within5, DateTimeOffset Within10, DateTimeOffset Within20)
{
    public const string UpToFive = "0-5";
    public const string SixToTen = "6-10";
    public const string ElevenToTwenty = "11-20";
    public const string OverTwenty = "21+";

    public static readonly string[] Buckets = [UpToFive, SixToTen, ElevenToTwenty, OverTwenty];

    public static AgeingBounds At(DateTimeOffset now, WorkingDayCalendar calendar)
    {
        var today = ChinaStandardTime.DateOf(now);
        return new AgeingBounds(now.ToUniversalTime(), today, Start(calendar, today, 5), Start(calendar, today, 10), Start(calendar, today, 20));
    }

    /// <summary>The first instant of the earliest day that is within <paramref name="workingDays"/> working days of today, in UTC (PostgreSQL's timestamptz parameters take no other offset).</summary>
    public static DateTimeOffset Start(WorkingDayCalendar calendar, DateOnly today, int workingDays) =>
        ChinaStandardTime.StartOf(calendar.EarliestWithin(today, workingDays)).ToUniversalTime();

    /// <summary>The tasks of one bucket.</summary>
    public Expression<Func<TaskRecord, bool>> Bucket(string bucket)
    {
        var (within5, within10, within20) = (Within5, Within10, Within20);
        return bucket switch
        {
            UpToFive => r => r.OpenedAt >= within5,
            SixToTen => r => r.OpenedAt < within5 && r.OpenedAt >= within10,
            ElevenToTwenty => r => r.OpenedAt < within10 && r.OpenedAt >= within20,
            OverTwenty => r => r.OpenedAt < within20,
            _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not an ageing bucket."),
        };
    }
}
