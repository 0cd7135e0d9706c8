namespace Approvals.Server.Idempotency;

/// <summary>Endpoint metadata: this endpoint changes something and takes an Idempotency-Key.</summary>
public sealed class IdempotentCommand
{
    public const string Header = "Idempotency-Key";

    /// <summary>Sent back on a replayed answer.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxKeyLength = 200;

    public static readonly IdempotentCommand Instance = new();
}

public static class IdempotentCommandExtensions
{
    /// <summary>Marks every endpoint of the group as a command: it needs an Idempotency-Key and replays its first answer.</summary>
    public static TBuilder RequireIdempotencyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(IdempotentCommand.Instance);
        return builder;
    }
}
