using System.Globalization;
using System.Text.RegularExpressions;

namespace Approvals.Engine.Calendar;

/// <summary>
/// Time limits as process definitions write them: "20 working days", "1 working day", "20个工作日", "20工作日".
/// A bare "20 days" is rejected: calendar days and working days differ by weeks, so a definition must say which.
/// </summary>
public static partial class WorkingDayLimit
{
    public static bool TryParse(string? text, out int days)
    {
        days = 0;
        if (text is null)
        {
            return false;
        }

        var match = Limit().Match(text);
        return match.Success
            && int.TryParse(match.Groups["days"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out days)
            && days >= 1;
    }

    // ASCII digits only: a sign, decimals or spelt-out numbers are not limits.
    [GeneratedRegex(@"^\s*(?<days>[0-9]+)\s*(?:working\s+days?|个?\s*工作日)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Limit();
}
