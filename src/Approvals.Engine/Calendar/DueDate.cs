namespace Approvals.Engine.Calendar;

/// <summary>
/// The working day a time limit ends on. <see cref="Provisional"/> is true when a counted day lies in a year
/// the calendar has no data for (counted as weekends only): recompute such a deadline once that year's
/// arrangements are loaded, because its holidays can move it later (or 调休 earlier).
/// </summary>
public sealed record DueDate(DateOnly Date, bool Provisional)
{
    /// <summary>
    /// The deadline instant: the end of <see cref="Date"/> in China, i.e. the next day 00:00 +08:00, exclusive.
    /// Anything done before this instant is in time.
    /// </summary>
    public DateTimeOffset EndsAt => ChinaStandardTime.EndOf(Date);
}
