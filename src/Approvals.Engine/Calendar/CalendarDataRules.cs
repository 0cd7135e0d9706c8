namespace Approvals.Engine.Calendar;

/// <summary>
/// The consistency rules of calendar data, checked on the records so that data built in code is held to the
/// same rules as data read from a file. Paths follow the file's layout ($.years[i].holidays[j].from).
/// </summary>
internal static class CalendarDataRules
{
    // The first national holiday regulation dates from 1949; anything past 2999 is a typo. The upper bound
    // also keeps the end of every day (next day 00:00) representable.
    private const int FirstYear = 1949;
    private const int LastYear = 2999;

    public static void Check(CalendarData data, string fileName)
    {
        if (string.IsNullOrWhiteSpace(data.Name))
        {
            throw new CalendarDataException(fileName, "$.name", "must not be empty");
        }

        var firstIndexOfYear = new Dictionary<int, int>();
        for (var y = 0; y < data.Years.Count; y++)
        {
            var year = data.Years[y];
            var path = $"$.years[{y}]";
            if (year.Year is < FirstYear or > LastYear)
            {
                throw new CalendarDataException(fileName, $"{path}.year", $"{year.Year} is outside {FirstYear}..{LastYear}");
            }

            if (!firstIndexOfYear.TryAdd(year.Year, y))
            {
                throw new CalendarDataException(
                    fileName, $"{path}.year", $"{year.Year} is listed twice (first at $.years[{firstIndexOfYear[year.Year]}])");
            }

            if (string.IsNullOrWhiteSpace(year.Source))
            {
                throw new CalendarDataException(fileName, $"{path}.source", "must name the notice the dates come from");
            }

            CheckHolidays(year, path, fileName);
            CheckWorkingWeekends(year, path, fileName);
        }
    }

    private static void CheckHolidays(CalendarYear year, string yearPath, string fileName)
    {
        for (var h = 0; h < year.Holidays.Count; h++)
        {
            var holiday = year.Holidays[h];
            var path = $"{yearPath}.holidays[{h}]";
            if (string.IsNullOrWhiteSpace(holiday.Name))
            {
                throw new CalendarDataException(fileName, $"{path}.name", "must not be empty");
            }

            CheckInYear(holiday.From, year.Year, $"{path}.from", fileName);
            CheckInYear(holiday.To, year.Year, $"{path}.to", fileName);
            if (holiday.To < holiday.From)
            {
                throw new CalendarDataException(
                    fileName, $"{path}.to", $"{IsoDate.Format(holiday.To)} is before from ({IsoDate.Format(holiday.From)})");
            }

            for (var earlier = 0; earlier < h; earlier++)
            {
                var other = year.Holidays[earlier];
                if (other.From <= holiday.To && holiday.From <= other.To)
                {
                    throw new CalendarDataException(
                        fileName, path, $"{Describe(holiday)} overlaps {Describe(other)} at {yearPath}.holidays[{earlier}]");
                }
            }
        }
    }

    private static void CheckWorkingWeekends(CalendarYear year, string yearPath, string fileName)
    {
        var firstIndexOfDate = new Dictionary<DateOnly, int>();
        for (var w = 0; w < year.WorkingWeekends.Count; w++)
        {
            var date = year.WorkingWeekends[w];
            var path = $"{yearPath}.workingWeekends[{w}]";
            CheckInYear(date, year.Year, path, fileName);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                throw new CalendarDataException(
                    fileName, path, $"{IsoDate.Format(date)} is a {date.DayOfWeek}, not a Saturday or Sunday");
            }

            for (var h = 0; h < year.Holidays.Count; h++)
            {
                if (year.Holidays[h].Contains(date))
                {
                    throw new CalendarDataException(
                        fileName, path, $"{IsoDate.Format(date)} lies inside {Describe(year.Holidays[h])} at {yearPath}.holidays[{h}]");
                }
            }

            if (!firstIndexOfDate.TryAdd(date, w))
            {
                throw new CalendarDataException(
                    fileName, path, $"{IsoDate.Format(date)} is listed twice (first at {yearPath}.workingWeekends[{firstIndexOfDate[date]}])");
            }
        }
    }

    private static void CheckInYear(DateOnly date, int year, string path, string fileName)
    {
        if (date.Year != year)
        {
            throw new CalendarDataException(fileName, path, $"{IsoDate.Format(date)} is not in {year}");
        }
    }

    private static string Describe(HolidayRange holiday) =>
        $"{holiday.Name} {IsoDate.Format(holiday.From)}..{IsoDate.Format(holiday.To)}";
}
