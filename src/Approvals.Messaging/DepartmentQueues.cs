using Approvals.Messaging.Contracts;
using RabbitMQ.Client;

namespace Approvals.Messaging;

/// <summary>
/// Declares each addressee's own durable queue on the broker, bound to the department exchange by its routing
/// key, so that messages wait there for the department's system even before it first connects. Declaring is
/// idempotent: the same queue and binding again change nothing.
/// </summary>
public static class DepartmentQueues
{
    public static async Task<int> DeclareAsync(Uri broker, IEnumerable<MessageAddressee> parties, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "approvals department queues" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);

        // As MassTransit declares it: durable, not auto-deleted, no arguments.
        await channel.ExchangeDeclareAsync(DepartmentMessage.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var count = 0;
        foreach (var party in parties.Distinct())
        {
            var (queue, binding) = DepartmentMessage.QueueOf(party);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, DepartmentMessage.Exchange, binding, cancellationToken: cancellationToken);
            count++;
        }

        return count;
    }
}
