using System.Globalization;

namespace Approvals.Engine.Calendar;

/// <summary>The one date format of the calendar data and its messages: yyyy-MM-dd, nothing looser.</summary>
internal static class IsoDate
{
    public const string Pattern = "yyyy-MM-dd";

    public static bool TryParse(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.InvariantCulture);
}
