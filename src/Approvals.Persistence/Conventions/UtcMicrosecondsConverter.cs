using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Approvals.Persistence.Conventions;

/// <summary>
/// SQLite has no timestamp type, and EF cannot compare or order DateTimeOffset stored as text there.
/// Instants are stored as microseconds since the Unix epoch (UTC): sortable, comparable, and the same
/// precision as PostgreSQL's timestamptz. Offsets are not kept; the service works in UTC and shows
/// China Standard Time at the edges.
/// </summary>
public sealed class UtcMicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => ToMicroseconds(value),
    stored => FromMicroseconds(stored))
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static long ToMicroseconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    public static DateTimeOffset FromMicroseconds(long stored) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + stored * TicksPerMicrosecond, TimeSpan.Zero);
}
