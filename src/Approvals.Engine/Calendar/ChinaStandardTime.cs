namespace Approvals.Engine.Calendar;

/// <summary>
/// China Standard Time, a fixed UTC+08:00. China has had no daylight saving time since 1991, so a fixed
/// offset is exact for every date this service handles and needs no time-zone database on the host.
/// </summary>
public static class ChinaStandardTime
{
    public static TimeSpan Offset { get; } = TimeSpan.FromHours(8);

    /// <summary>A date as Chinese documents write it (GB/T 9704): full year, no zero padding, e.g. 2026年11月22日.</summary>
    public static string Written(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>The calendar date in China at that instant (2026-02-10T20:00Z is 2026-02-11 in China).</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>00:00 of that date in China.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>
    /// The end of that date in China as an exclusive instant: 00:00 +08:00 of the next day. A deadline on a
    /// date is met by anything strictly before this instant (民法典 Art 203: the last day ends at 24:00).
    /// </summary>
    public static DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));
}
