using System.Globalization;
using Approvals.Engine.Calendar;

namespace Approvals.Server.Cli;

/// <summary><c>calendar due --from yyyy-MM-dd --working-days N [--calendar FILE]</c>: the due date and how it was counted.</summary>
internal static class CalendarVerbs
{
    public const string DefaultCalendar = "workflows/calendar/cn-statutory.json";

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static async Task<int> DueAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var options = Options(args);
        if (!options.TryGetValue("--from", out var fromText) || !DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            throw new UsageException("calendar due needs --from yyyy-MM-dd (e.g. --from 2026-02-10)");
        }

        if (!options.TryGetValue("--working-days", out var daysText) || !int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1)
        {
            throw new UsageException("calendar due needs --working-days N, a whole number of at least 1");
        }

        var file = options.GetValueOrDefault("--calendar") ?? Path.Combine(AppContext.BaseDirectory, DefaultCalendar);
        if (!File.Exists(file))
        {
            throw new UsageException($"no calendar file at {file}");
        }

        CalendarData data;
        try
        {
            data = CalendarData.Parse(await File.ReadAllTextAsync(file, cancellationToken), Path.GetFileName(file));
        }
        catch (CalendarDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        var calendar = new WorkingDayCalendar(data);
        var due = calendar.AddWorkingDays(from, days);
        foreach (var line in Explain(data, calendar, from, days, due))
        {
            output.WriteLine(line);
        }

        return 0;
    }

    /// <summary>The lines a clerk would write on paper: what was counted, what was skipped and why.</summary>
    internal static IEnumerable<string> Explain(CalendarData data, WorkingDayCalendar calendar, DateOnly from, int days, DueDate due)
    {
        yield return $"{days} working days from {Day(from)}, not counting that day (民法典 Art 201; 行政许可法 Art 82):";
        yield return $"  due {Day(due.Date)}; the time limit ends at {due.EndsAt:yyyy-MM-dd HH:mm} China Standard Time (UTC+08:00)";

        var holidays = data.Years.SelectMany(y => y.Holidays).ToList();
        var workingWeekends = data.Years.SelectMany(y => y.WorkingWeekends).ToHashSet();
        var skippedHolidays = new List<(HolidayRange Holiday, int Days)>();
        var skippedWeekends = 0;
        var counted = new List<DateOnly>();
        for (var day = from.AddDays(1); day <= due.Date; day = day.AddDays(1))
        {
            if (calendar.IsWorkingDay(day))
            {
                if (workingWeekends.Contains(day))
                {
                    counted.Add(day);
                }

                continue;
            }

            var holiday = holidays.FirstOrDefault(h => h.Contains(day));
            if (holiday is null)
            {
                skippedWeekends++;
                continue;
            }

            var index = skippedHolidays.FindIndex(s => s.Holiday == holiday);
            if (index < 0)
            {
                skippedHolidays.Add((holiday, 1));
            }
            else
            {
                skippedHolidays[index] = (holiday, skippedHolidays[index].Days + 1);
            }
        }

        var span = due.Date.DayNumber - from.DayNumber;
        yield return $"  counted: {Day(from.AddDays(1))} to {Day(due.Date)}, {span} calendar days";
        yield return $"  not counted: {skippedWeekends} weekend day(s)" +
            string.Concat(skippedHolidays.Select(s => $"; {s.Holiday.Name} {s.Holiday.From:yyyy-MM-dd}–{s.Holiday.To:yyyy-MM-dd} ({s.Days} day(s) in this span)"));
        if (counted.Count > 0)
        {
            yield return $"  counted although at the weekend (调休): {string.Join(", ", counted.Select(Day))}";
        }

        var years = data.Years.Select(y => y.Year).Order().ToList();
        yield return $"  calendar: {data.Name}, years {string.Join(", ", years)}";
        if (due.Provisional)
        {
            var missing = Enumerable.Range(from.AddDays(1).Year, due.Date.Year - from.AddDays(1).Year + 1).Where(y => !calendar.HasYear(y));
            yield return $"  PROVISIONAL: {string.Join(", ", missing)} not in the calendar, so only weekends were skipped there; " +
                "recompute when the State Council's holiday arrangements for that year are loaded.";
        }
    }

    private static string Day(DateOnly date) => $"{date:yyyy-MM-dd} ({date.ToString("dddd", Chinese)})";

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new UsageException($"calendar due: unexpected '{args[i]}'");
            }

            options[args[i]] = args[++i];
        }

        return options;
    }
}
