namespace Approvals.Messaging;

/// <summary>Resolved bus settings. <see cref="RabbitMqUri"/> is required for RabbitMQ, e.g. <c>amqp://user:pass@host:5672/vhost</c>.</summary>
public sealed record BusSettings(BusTransport Transport, Uri? RabbitMqUri = null)
{
    public static BusSettings InMemory { get; } = new(BusTransport.InMemory);

    /// <summary>The broker address without credentials, for logs and health reports.</summary>
    public string DisplayAddress => RabbitMqUri is null
        ? Transport.ToConfigName()
        : new UriBuilder(RabbitMqUri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
}
