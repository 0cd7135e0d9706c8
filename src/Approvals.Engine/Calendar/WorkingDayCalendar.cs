namespace Approvals.Engine.Calendar;

/// <summary>
/// Counts working days (工作日) on the statutory calendar: Monday to Friday outside the holiday ranges, plus the
/// 调休 weekend days. A year without data counts Monday to Friday only. Immutable, so one instance can serve
/// every request concurrently.
/// </summary>
/// <remarks>
/// Everything reduces to one running count, "working days from 0001-01-01 through date", which is O(1) per
/// date: arithmetic on weekdays, corrected by tables precomputed for each loaded year. Spans are differences
/// of two counts and a due date is a bisection on the count, so neither walks day by day.
/// </remarks>
public sealed class WorkingDayCalendar
{
    // The last date whose end (next day 00:00) is still representable.
    private static readonly int LastDayNumber = DateOnly.MaxValue.DayNumber - 1;

    private readonly Dictionary<int, YearTable> _tables = [];

    // Loaded years in ascending order, and the running total of each one's correction (its working days
    // minus its Monday-to-Friday days) through that year, for counting dates in years without data.
    private readonly int[] _loadedYears;
    private readonly int[] _correctionThrough;

    /// <exception cref="CalendarDataException">The data breaks the rules <see cref="CalendarData.Parse"/> checks.</exception>
    public WorkingDayCalendar(CalendarData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CalendarDataRules.Check(data, "calendar data");

        var years = data.Years.OrderBy(y => y.Year).ToArray();
        _loadedYears = new int[years.Length];
        _correctionThrough = new int[years.Length];
        var correction = 0;
        for (var i = 0; i < years.Length; i++)
        {
            var table = YearTable.Build(years[i], WeekdaysThrough(new DateOnly(years[i].Year, 1, 1).DayNumber - 1) + correction);
            _tables.Add(years[i].Year, table);
            correction += table.Correction;
            _loadedYears[i] = years[i].Year;
            _correctionThrough[i] = correction;
        }
    }

    public bool HasYear(int year) => _tables.ContainsKey(year);

    public bool IsWorkingDay(DateOnly date) =>
        _tables.TryGetValue(date.Year, out var table) ? table.IsWorkingDay(date) : IsWeekday(date.DayNumber);

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>. The start day itself is
    /// never counted, working day or not (民法典 Art 201; 行政许可法 Art 82).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is less than 1, or the due date is past year 9999.</exception>
    public DueDate AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        long target = WorkingDaysThrough(start.DayNumber) + (long)workingDays;

        // Find a day that reaches the target (at least 5 working days in 7 outside holidays; widen the window
        // for long holidays), then bisect for the first day that does: that day is the N-th working day.
        var low = start.DayNumber + 1;
        long span = workingDays + (workingDays / 2L) + 16;
        int high;
        while (true)
        {
            high = (int)Math.Min(start.DayNumber + span, LastDayNumber);
            if (WorkingDaysThrough(high) >= target)
            {
                break;
            }

            if (high == LastDayNumber)
            {
                throw new ArgumentOutOfRangeException(nameof(workingDays), workingDays, "The due date would be past the end of year 9999.");
            }

            low = high + 1;
            span *= 2;
        }

        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (WorkingDaysThrough(middle) >= target)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        var due = DateOnly.FromDayNumber(low);
        return new DueDate(due, AnyYearMissing(start.AddDays(1).Year, due.Year));
    }

    /// <summary>As <see cref="AddWorkingDays(DateOnly, int)"/> from the date in China at that instant.</summary>
    public DueDate AddWorkingDays(DateTimeOffset from, int workingDays) =>
        AddWorkingDays(ChinaStandardTime.DateOf(from), workingDays);

    /// <summary>
    /// Working days in (<paramref name="from"/>, <paramref name="to"/>]: <paramref name="from"/> excluded,
    /// <paramref name="to"/> included; 0 when <paramref name="to"/> is not after <paramref name="from"/>.
    /// Remaining days: (today, due]. Days overdue: (due, today].
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to) =>
        to <= from ? 0 : WorkingDaysThrough(to.DayNumber) - WorkingDaysThrough(from.DayNumber);

    /// <summary>
    /// The earliest date <c>d</c> with <c>WorkingDaysBetween(d, today) &lt;= workingDays</c>: a task opened on or after it
    /// has been open at most that many working days. Turns an age in working days into a date range a query can use.
    /// </summary>
    public DateOnly EarliestWithin(DateOnly today, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = today;
        while (WorkingDaysBetween(day.AddDays(-1), today) <= workingDays)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>
    /// Signed: <c>WorkingDaysBetween(from, to) - WorkingDaysBetween(to, from)</c>. With from = today and to =
    /// the due date it is the remaining working days, negative by the days overdue once the deadline passed.
    /// </summary>
    public int WorkingDayDifference(DateOnly from, DateOnly to) =>
        WorkingDaysThrough(to.DayNumber) - WorkingDaysThrough(from.DayNumber);

    private bool AnyYearMissing(int firstYear, int lastYear)
    {
        for (var year = firstYear; year <= lastYear; year++)
        {
            if (!_tables.ContainsKey(year))
            {
                return true;
            }
        }

        return false;
    }

    // Working days from 0001-01-01 through the day, non-decreasing and rising by exactly 1 on each working day.
    private int WorkingDaysThrough(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        if (_tables.TryGetValue(date.Year, out var table))
        {
            return table.WorkingDaysThrough(dayNumber);
        }

        return WeekdaysThrough(dayNumber) + CorrectionBefore(date.Year);
    }

    private int CorrectionBefore(int year)
    {
        var index = Array.BinarySearch(_loadedYears, year);
        var loadedBefore = index >= 0 ? index : ~index;
        return loadedBefore == 0 ? 0 : _correctionThrough[loadedBefore - 1];
    }

    // Day number 0 (0001-01-01) is a Monday, so every 7 days from it hold 5 weekdays, the first 5 of them.
    private static int WeekdaysThrough(int dayNumber)
    {
        var days = dayNumber + 1;
        return (days / 7 * 5) + Math.Min(days % 7, 5);
    }

    private static bool IsWeekday(int dayNumber) => dayNumber % 7 < 5;

    private sealed class YearTable
    {
        private readonly int _firstDayNumber;
        private readonly int _workingDaysBefore;
        private readonly bool[] _working;
        private readonly int[] _workingThrough;

        private YearTable(int firstDayNumber, int workingDaysBefore, bool[] working, int[] workingThrough)
        {
            _firstDayNumber = firstDayNumber;
            _workingDaysBefore = workingDaysBefore;
            _working = working;
            _workingThrough = workingThrough;
            Correction = workingThrough[^1] - (WeekdaysThrough(firstDayNumber + working.Length - 1) - WeekdaysThrough(firstDayNumber - 1));
        }

        // This year's working days minus its Monday-to-Friday days.
        public int Correction { get; }

        public static YearTable Build(CalendarYear year, int workingDaysBefore)
        {
            var first = new DateOnly(year.Year, 1, 1).DayNumber;
            var working = new bool[DateTime.IsLeapYear(year.Year) ? 366 : 365];
            for (var i = 0; i < working.Length; i++)
            {
                working[i] = IsWeekday(first + i);
            }

            foreach (var holiday in year.Holidays)
            {
                for (var day = holiday.From.DayNumber; day <= holiday.To.DayNumber; day++)
                {
                    working[day - first] = false;
                }
            }

            foreach (var date in year.WorkingWeekends)
            {
                working[date.DayNumber - first] = true;
            }

            var through = new int[working.Length];
            var count = 0;
            for (var i = 0; i < working.Length; i++)
            {
                count += working[i] ? 1 : 0;
                through[i] = count;
            }

            return new YearTable(first, workingDaysBefore, working, through);
        }

        public bool IsWorkingDay(DateOnly date) => _working[date.DayNumber - _firstDayNumber];

        public int WorkingDaysThrough(int dayNumber) => _workingDaysBefore + _workingThrough[dayNumber - _firstDayNumber];
    }
}
