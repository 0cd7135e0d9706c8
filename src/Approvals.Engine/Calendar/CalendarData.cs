namespace Approvals.Engine.Calendar;

/// <summary>A statutory calendar file (<c>workflows/calendar/*.json</c>): the announced arrangements per year.</summary>
public sealed record CalendarData(string Name, IReadOnlyList<CalendarYear> Years)
{
    /// <summary>
    /// Reads and checks calendar JSON. The caller reads the file (the engine does no I/O);
    /// <paramref name="fileName"/> only labels errors.
    /// </summary>
    /// <exception cref="CalendarDataException">The JSON is malformed or the dates are inconsistent.</exception>
    public static CalendarData Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        var data = CalendarDataReader.Read(json, fileName);
        CalendarDataRules.Check(data, fileName);
        return data;
    }
}

/// <summary>One year's notice: its holiday ranges and the weekend days that are working days (调休上班).</summary>
public sealed record CalendarYear(
    int Year,
    string Source,
    IReadOnlyList<HolidayRange> Holidays,
    IReadOnlyList<DateOnly> WorkingWeekends);

/// <summary>A holiday as the notice states it, both ends inclusive, weekend days inside it included.</summary>
public sealed record HolidayRange(string Name, DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly date) => From <= date && date <= To;
}
