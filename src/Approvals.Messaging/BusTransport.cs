namespace Approvals.Messaging;

/// <summary>In-memory for the embedded default (one process); RabbitMQ when several nodes and departments share a broker.</summary>
public enum BusTransport
{
    InMemory,
    RabbitMq,
}

public static class BusTransportNames
{
    public const string InMemory = "InMemory";
    public const string RabbitMq = "RabbitMQ";

    public static string ToConfigName(this BusTransport transport) => transport switch
    {
        BusTransport.InMemory => InMemory,
        BusTransport.RabbitMq => RabbitMq,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };

    public static bool TryParse(string? value, out BusTransport transport)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "inmemory" or "in-memory" or "memory":
                transport = BusTransport.InMemory;
                return true;
            case "rabbitmq" or "rabbit":
                transport = BusTransport.RabbitMq;
                return true;
            default:
                transport = default;
                return false;
        }
    }
}
