using Approvals.Engine.Calendar;

namespace Approvals.Engine.Tests.Calendar;

public class WorkingDayCalendarTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static WorkingDayCalendar Calendar => StatutoryCalendar.Calendar;

    [Fact]
    public void Twenty_working_days_from_10_February_2026_fall_on_16_March()
    {
        var due = Calendar.AddWorkingDays(new DateOnly(2026, 2, 10), 20);

        Assert.Equal(new DateOnly(2026, 3, 16), due.Date);
        Assert.False(due.Provisional);
    }

    [Fact]
    public void Five_working_days_from_30_September_2026_fall_on_13_October()
    {
        var due = Calendar.AddWorkingDays(new DateOnly(2026, 9, 30), 5);

        Assert.Equal(new DateOnly(2026, 10, 13), due.Date);
        Assert.False(due.Provisional);
    }

    [Theory]
    [InlineData(2024, 251)]
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void Each_loaded_year_has_its_researched_number_of_working_days(int year, int expected)
    {
        var lastDayBefore = new DateOnly(year - 1, 12, 31);
        var lastDay = new DateOnly(year, 12, 31);

        Assert.Equal(expected, Calendar.WorkingDaysBetween(lastDayBefore, lastDay));
        Assert.Equal(expected, NaiveCount(StatutoryCalendar.Data.Years.Single(y => y.Year == year)));
        Assert.Equal(expected, Days(lastDayBefore.AddDays(1), lastDay).Count(Calendar.IsWorkingDay));
    }

    [Fact]
    public void A_holiday_on_a_weekday_is_not_a_working_day()
    {
        Assert.Equal(DayOfWeek.Thursday, new DateOnly(2026, 10, 1).DayOfWeek);
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 10, 1)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 2, 23)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 1, 28)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2024, 6, 10)));
    }

    [Fact]
    public void A_weekday_outside_holidays_is_a_working_day_and_an_ordinary_weekend_is_not()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 3, 16)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2024, 2, 9)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 3, 14)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 3, 15)));
    }

    [Fact]
    public void An_adjusted_Saturday_is_a_working_day()
    {
        Assert.Equal(DayOfWeek.Saturday, new DateOnly(2026, 2, 14).DayOfWeek);
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 10, 10)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2024, 2, 4)));
    }

    [Fact]
    public void The_start_day_is_not_counted_even_when_it_is_a_working_day()
    {
        var monday = new DateOnly(2026, 3, 2);
        Assert.True(Calendar.IsWorkingDay(monday));

        Assert.Equal(new DateOnly(2026, 3, 3), Calendar.AddWorkingDays(monday, 1).Date);
        Assert.Equal(new DateOnly(2026, 3, 6), Calendar.AddWorkingDays(monday, 4).Date);
        Assert.Equal(new DateOnly(2026, 3, 9), Calendar.AddWorkingDays(monday, 5).Date);
    }

    [Fact]
    public void Counting_from_a_holiday_starts_on_the_first_working_day_after_it()
    {
        Assert.Equal(new DateOnly(2026, 10, 8), Calendar.AddWorkingDays(new DateOnly(2026, 10, 3), 1).Date);
        Assert.Equal(new DateOnly(2026, 2, 24), Calendar.AddWorkingDays(new DateOnly(2026, 2, 15), 1).Date);
        // The fifth is the 调休 Saturday after 春节.
        Assert.Equal(new DateOnly(2026, 2, 28), Calendar.AddWorkingDays(new DateOnly(2026, 2, 15), 5).Date);
    }

    [Fact]
    public void Counting_from_a_weekend_before_an_adjusted_Saturday_counts_that_Saturday()
    {
        // 2026-02-13 is a Friday; the next day is the 调休 Saturday before 春节.
        Assert.Equal(new DateOnly(2026, 2, 14), Calendar.AddWorkingDays(new DateOnly(2026, 2, 13), 1).Date);
        Assert.Equal(new DateOnly(2026, 2, 24), Calendar.AddWorkingDays(new DateOnly(2026, 2, 13), 2).Date);
    }

    [Fact]
    public void A_span_into_a_year_without_data_is_provisional()
    {
        Assert.False(Calendar.HasYear(2027));

        var due = Calendar.AddWorkingDays(new DateOnly(2026, 12, 21), 10);

        Assert.Equal(new DateOnly(2027, 1, 4), due.Date);
        Assert.True(due.Provisional);
    }

    [Fact]
    public void A_span_that_ends_on_the_last_day_of_a_loaded_year_is_not_provisional()
    {
        var due = Calendar.AddWorkingDays(new DateOnly(2026, 12, 30), 1);

        Assert.Equal(new DateOnly(2026, 12, 31), due.Date);
        Assert.False(due.Provisional);
    }

    [Fact]
    public void A_span_from_the_last_day_of_a_loaded_year_into_the_next_is_provisional()
    {
        Assert.True(Calendar.AddWorkingDays(new DateOnly(2026, 12, 31), 1).Provisional);
    }

    [Fact]
    public void A_span_starting_in_a_year_without_data_but_counting_only_loaded_days_is_not_provisional()
    {
        // The start day itself is not counted, so 2023 (not loaded) plays no part.
        var due = Calendar.AddWorkingDays(new DateOnly(2023, 12, 31), 1);

        Assert.Equal(new DateOnly(2024, 1, 2), due.Date);
        Assert.False(due.Provisional);
    }

    [Fact]
    public void A_span_across_loaded_years_is_not_provisional()
    {
        var due = Calendar.AddWorkingDays(new DateOnly(2024, 12, 20), 300);

        Assert.Equal(2026, due.Date.Year);
        Assert.False(due.Provisional);
    }

    [Fact]
    public void A_year_without_data_counts_only_weekends_as_rest_days()
    {
        Assert.True(Calendar.HasYear(2026));
        Assert.False(Calendar.HasYear(2027));
        Assert.False(Calendar.HasYear(2023));

        // 2027-01-01 (元旦, a Friday) will be a holiday once 2027 is announced; until then it counts.
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 1, 2)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 1, 3)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 10, 1)));
        Assert.Equal(261, Calendar.WorkingDaysBetween(new DateOnly(2026, 12, 31), new DateOnly(2027, 12, 31)));
        Assert.Equal(new DateOnly(2027, 1, 11), Calendar.AddWorkingDays(new DateOnly(2027, 1, 1), 6).Date);
    }

    [Fact]
    public void A_calendar_without_any_year_counts_Monday_to_Friday()
    {
        var empty = new WorkingDayCalendar(new CalendarData("none", []));

        Assert.Equal(new DateOnly(2026, 2, 16), empty.AddWorkingDays(new DateOnly(2026, 2, 10), 4).Date);
        Assert.Equal(5, empty.WorkingDaysBetween(new DateOnly(2026, 2, 6), new DateOnly(2026, 2, 13)));
        Assert.True(empty.AddWorkingDays(new DateOnly(2026, 2, 10), 1).Provisional);
    }

    [Fact]
    public void The_deadline_instant_is_midnight_after_the_due_date_in_China()
    {
        var due = Calendar.AddWorkingDays(new DateOnly(2026, 2, 10), 20);

        Assert.Equal(new DateTimeOffset(2026, 3, 17, 0, 0, 0, China), due.EndsAt);
        Assert.Equal(China, due.EndsAt.Offset);
    }

    [Fact]
    public void An_instant_counts_from_its_date_in_China()
    {
        var instant = new DateTimeOffset(2026, 2, 10, 20, 0, 0, TimeSpan.Zero);

        var due = Calendar.AddWorkingDays(instant, 20);

        Assert.Equal(Calendar.AddWorkingDays(new DateOnly(2026, 2, 11), 20), due);
        Assert.Equal(new DateOnly(2026, 3, 17), due.Date);
        Assert.NotEqual(Calendar.AddWorkingDays(new DateOnly(2026, 2, 10), 20).Date, due.Date);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Fewer_than_one_working_day_is_refused(int workingDays)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(new DateOnly(2026, 2, 10), workingDays));
    }

    [Fact]
    public void A_due_date_past_year_9999_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(new DateOnly(2026, 2, 10), int.MaxValue));
    }

    [Fact]
    public void Working_days_between_exclude_the_first_date_and_include_the_second()
    {
        // (Friday 2026-02-13, Tuesday 2026-02-24]: Saturday the 14th (调休) and Tuesday the 24th.
        Assert.Equal(2, Calendar.WorkingDaysBetween(new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 24)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 13)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(new DateOnly(2026, 2, 24), new DateOnly(2026, 2, 13)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 23)));
    }

    [Fact]
    public void The_signed_difference_is_negative_by_the_working_days_overdue()
    {
        var due = new DateOnly(2026, 3, 16);

        Assert.Equal(3, Calendar.WorkingDayDifference(new DateOnly(2026, 3, 11), due));
        Assert.Equal(0, Calendar.WorkingDayDifference(due, due));
        Assert.Equal(-2, Calendar.WorkingDayDifference(new DateOnly(2026, 3, 18), due));
        Assert.Equal(2, Calendar.WorkingDaysBetween(due, new DateOnly(2026, 3, 18)));
    }

    [Fact]
    public void Counting_back_what_was_added_gives_the_same_number_for_every_start_in_2024_to_2026()
    {
        foreach (var start in Days(new DateOnly(2024, 1, 1), new DateOnly(2026, 12, 31)))
        {
            for (var n = 1; n <= 60; n++)
            {
                var due = Calendar.AddWorkingDays(start, n).Date;
                Assert.True(n == Calendar.WorkingDaysBetween(start, due), $"{start} + {n} = {due}");
                Assert.True(-n == Calendar.WorkingDayDifference(due, start), $"{due} - {start}");
            }
        }
    }

    [Fact]
    public void Adding_working_days_agrees_with_counting_day_by_day()
    {
        // Starts from before the first loaded year to after the last, so the arithmetic for years without
        // data is checked on both sides of the tables.
        foreach (var start in Days(new DateOnly(2023, 10, 1), new DateOnly(2027, 3, 31)).Where((_, i) => i % 3 == 0))
        {
            foreach (var n in (int[])[1, 2, 5, 10, 15, 20, 30, 45, 60, 120])
            {
                var expected = start;
                for (var counted = 0; counted < n;)
                {
                    expected = expected.AddDays(1);
                    counted += NaiveIsWorkingDay(expected) ? 1 : 0;
                }

                var due = Calendar.AddWorkingDays(start, n);
                Assert.True(expected == due.Date, $"{start} + {n}: expected {expected}, got {due.Date}");
                var provisional = Days(start.AddDays(1), expected).Any(d => d.Year is < 2024 or > 2026);
                Assert.True(provisional == due.Provisional, $"{start} + {n}: provisional");
            }
        }
    }

    [Fact]
    public void Long_spans_agree_with_counting_day_by_day()
    {
        var from = new DateOnly(2019, 6, 15);
        var to = new DateOnly(2031, 2, 3);
        var expected = Days(from.AddDays(1), to).Count(NaiveIsWorkingDay);

        Assert.Equal(expected, Calendar.WorkingDaysBetween(from, to));
        Assert.Equal(to, Calendar.AddWorkingDays(from, expected).Date);
        Assert.True(Calendar.AddWorkingDays(from, expected).Provisional);
    }

    [Fact]
    public void Every_day_is_classified_as_the_raw_lists_say()
    {
        foreach (var day in Days(new DateOnly(2023, 1, 1), new DateOnly(2027, 12, 31)))
        {
            Assert.True(NaiveIsWorkingDay(day) == Calendar.IsWorkingDay(day), day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // The straightforward reading of the file's lists, independent of the calendar's tables.
    private static bool NaiveIsWorkingDay(DateOnly day)
    {
        var year = StatutoryCalendar.Data.Years.SingleOrDefault(y => y.Year == day.Year);
        var weekday = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        if (year is null)
        {
            return weekday;
        }

        return year.WorkingWeekends.Contains(day) || (weekday && !year.Holidays.Any(h => h.From <= day && day <= h.To));
    }

    private static int NaiveCount(CalendarYear year) =>
        Days(new DateOnly(year.Year, 1, 1), new DateOnly(year.Year, 12, 31)).Count(NaiveIsWorkingDay);

    private static IEnumerable<DateOnly> Days(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    [Fact]
    public void A_task_opened_on_Friday_is_one_working_day_old_on_Monday_and_one_opened_on_Thursday_two()
    {
        Assert.Equal(new DateOnly(2026, 11, 20), Calendar.EarliestWithin(new DateOnly(2026, 11, 23), 1));
        Assert.Equal(new DateOnly(2026, 11, 23), Calendar.EarliestWithin(new DateOnly(2026, 11, 23), 0));
    }

    [Theory]
    [InlineData("2026-10-09", 5)]
    [InlineData("2026-10-12", 3)]
    [InlineData("2026-02-24", 10)]
    [InlineData("2026-11-22", 20)]
    public void The_earliest_day_within_an_age_is_the_boundary_of_that_age_across_holidays(string todayText, int workingDays)
    {
        var today = DateOnly.Parse(todayText, System.Globalization.CultureInfo.InvariantCulture);
        var earliest = Calendar.EarliestWithin(today, workingDays);

        Assert.True(Calendar.WorkingDaysBetween(earliest, today) <= workingDays);
        Assert.True(Calendar.WorkingDaysBetween(earliest.AddDays(-1), today) > workingDays);
    }
}
