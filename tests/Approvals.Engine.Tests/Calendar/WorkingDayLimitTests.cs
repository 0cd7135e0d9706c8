using Approvals.Engine.Calendar;

namespace Approvals.Engine.Tests.Calendar;

public class WorkingDayLimitTests
{
    [Theory]
    [InlineData("20 working days", 20)]
    [InlineData("1 working day", 1)]
    [InlineData("20个工作日", 20)]
    [InlineData("20 个工作日", 20)]
    [InlineData("20工作日", 20)]
    [InlineData("  45 Working Days  ", 45)]
    [InlineData("5 WORKING DAYS", 5)]
    [InlineData("60\tworking  days", 60)]
    public void A_limit_that_says_working_days_is_read(string text, int expected)
    {
        Assert.True(WorkingDayLimit.TryParse(text, out var days));
        Assert.Equal(expected, days);
    }

    [Theory]
    [InlineData("0 working days")]
    [InlineData("0个工作日")]
    [InlineData("-3 working days")]
    [InlineData("+3 working days")]
    [InlineData("20 days")]
    [InlineData("20天")]
    [InlineData("20 calendar days")]
    [InlineData("twenty working days")]
    [InlineData("二十个工作日")]
    [InlineData("2.5 working days")]
    [InlineData("20")]
    [InlineData("working days")]
    [InlineData("20 working days and more")]
    [InlineData("99999999999 working days")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_limit_that_is_not_a_positive_count_of_working_days_is_rejected(string? text)
    {
        Assert.False(WorkingDayLimit.TryParse(text, out _));
    }
}
