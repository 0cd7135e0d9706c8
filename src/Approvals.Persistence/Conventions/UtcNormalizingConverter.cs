using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Approvals.Persistence.Conventions;

/// <summary>
/// Npgsql writes timestamptz only from UTC offsets and refuses +08:00. The service's clock speaks China
/// Standard Time, so instants are converted to the same instant in UTC on the way in.
/// </summary>
public sealed class UtcNormalizingConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    stored => stored);
