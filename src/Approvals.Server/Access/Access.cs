namespace Approvals.Server.Access;

/// <summary>
/// What an access check found: <see cref="Granted"/>, the thing the caller may act on; otherwise there is none at
/// all (<see cref="Missing"/>, 404), or it is not the caller's (403, which says nothing more about it).
/// </summary>
public sealed record Access<T>(T? Granted, bool Missing)
    where T : class
{
    public static readonly Access<T> NotFound = new(null, true);

    public static readonly Access<T> Forbidden = new(null, false);

    public static Access<T> Grant(T value) => new(value, false);
}
