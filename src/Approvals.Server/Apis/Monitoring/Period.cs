using System.Globalization;
using Approvals.Engine.Calendar;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>A month (2026-10), a quarter (2026-Q4) or a year (2026), from its first day to the day after its last, in China Standard Time.</summary>
public sealed record Period(string Name, DateOnly First, DateOnly Next)
{
    /// <summary>What a period parameter must look like, for the 422 that names it.</summary>
    public const string Expected = "期间写作 2026-10（月）、2026-Q4（季）或 2026（年）";

    // In UTC: PostgreSQL's timestamptz parameters take no other offset.
    public DateTimeOffset Start => ChinaStandardTime.StartOf(First).ToUniversalTime();

    public DateTimeOffset End => ChinaStandardTime.StartOf(Next).ToUniversalTime();

    public bool IsClosedAt(DateTimeOffset now) => End <= now;

    /// <summary>Its months as the monitoring tallies key them (yyyy-MM).</summary>
    public IReadOnlyList<string> Months =>
        [.. Enumerable.Range(0, (Next.Year - First.Year) * 12 + Next.Month - First.Month).Select(i => First.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture))];

    public static Period? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || parts[0].Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000 || year > 9998)
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return new Period(text, new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));
        }

        if (parts[1] is ['Q', >= '1' and <= '4'])
        {
            var first = new DateOnly(year, (parts[1][1] - '1') * 3 + 1, 1);
            return new Period(text, first, first.AddMonths(3));
        }

        return parts[1].Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            ? new Period(text, new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1))
            : null;
    }
}
