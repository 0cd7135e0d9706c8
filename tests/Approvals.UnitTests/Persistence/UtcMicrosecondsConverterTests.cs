using Approvals.Persistence.Conventions;

namespace Approvals.UnitTests.Persistence;

public class UtcMicrosecondsConverterTests
{
    [Fact]
    public void An_instant_in_China_Standard_Time_round_trips_as_the_same_instant_in_UTC()
    {
        var beijing = new DateTimeOffset(2026, 11, 22, 17, 30, 15, 123, TimeSpan.FromHours(8)).AddTicks(4560);
        var stored = UtcMicrosecondsConverter.ToMicroseconds(beijing);
        var read = UtcMicrosecondsConverter.FromMicroseconds(stored);

        Assert.Equal(beijing.UtcDateTime, read.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Fact]
    public void Stored_values_order_as_the_instants_do()
    {
        var earlier = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(8));
        var later = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero);
        Assert.True(UtcMicrosecondsConverter.ToMicroseconds(earlier) < UtcMicrosecondsConverter.ToMicroseconds(later));
    }
}
