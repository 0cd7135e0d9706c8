using Approvals.Engine.Calendar;

namespace Approvals.Engine.Tests.Calendar;

public class ChinaStandardTimeTests
{
    [Fact]
    public void China_is_eight_hours_ahead_of_UTC_all_year()
    {
        Assert.Equal(TimeSpan.FromHours(8), ChinaStandardTime.Offset);
        Assert.Equal(new DateOnly(2026, 7, 1), ChinaStandardTime.DateOf(new DateTimeOffset(2026, 6, 30, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 1, 1), ChinaStandardTime.DateOf(new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void An_evening_instant_in_UTC_is_already_the_next_day_in_China()
    {
        Assert.Equal(new DateOnly(2026, 2, 11), ChinaStandardTime.DateOf(new DateTimeOffset(2026, 2, 10, 20, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 2, 10), ChinaStandardTime.DateOf(new DateTimeOffset(2026, 2, 10, 15, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void The_offset_of_the_instant_given_does_not_matter()
    {
        var inNewYork = new DateTimeOffset(2026, 2, 10, 15, 0, 0, TimeSpan.FromHours(-5));
        Assert.Equal(new DateOnly(2026, 2, 11), ChinaStandardTime.DateOf(inNewYork));
    }

    [Fact]
    public void A_day_ends_at_midnight_of_the_next_day_in_China()
    {
        var end = ChinaStandardTime.EndOf(new DateOnly(2026, 3, 16));

        Assert.Equal(new DateTimeOffset(2026, 3, 17, 0, 0, 0, TimeSpan.FromHours(8)), end);
        Assert.Equal(TimeSpan.FromHours(8), end.Offset);
        Assert.Equal(new DateTime(2026, 3, 16, 16, 0, 0, DateTimeKind.Utc), end.UtcDateTime);
        Assert.Equal(new DateOnly(2026, 3, 17), ChinaStandardTime.DateOf(end));
        Assert.Equal(new DateOnly(2026, 3, 16), ChinaStandardTime.DateOf(end.AddTicks(-1)));
    }

    [Fact]
    public void A_day_starts_at_midnight_in_China()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 0, 0, 0, TimeSpan.FromHours(8)), ChinaStandardTime.StartOf(new DateOnly(2026, 3, 16)));
    }
}
