using System.Collections.Concurrent;
using Approvals.Messaging.Contracts;
using RabbitMQ.Client;

namespace Approvals.Messaging;

/// <summary>
/// Gives each addressee its own durable queue on the broker, bound to the department exchange by its routing
/// key, so that messages wait there for the department's system even before it first connects. Queues are
/// declared for every known organisation at start and, before its first message, for any other addressee.
/// Declaring is idempotent: the same queue and binding again change nothing. On the in-memory bus it does nothing.
/// </summary>
public sealed class DepartmentQueues(BusSettings bus) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<MessageAddressee, bool> _declared = new();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public bool Enabled => bus.Transport == BusTransport.RabbitMq && bus.RabbitMqUri is not null;

    /// <summary>Declares the queues of these addressees that this process has not declared yet; answers how many it declared.</summary>
    public async Task<int> EnsureAsync(IEnumerable<MessageAddressee> parties, CancellationToken cancellationToken)
    {
        var missing = parties.Distinct().Where(p => !_declared.ContainsKey(p)).ToList();
        if (!Enabled || missing.Count == 0)
        {
            return 0;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var channel = await ChannelAsync(cancellationToken);
            foreach (var party in missing)
            {
                var (queue, binding) = DepartmentMessage.QueueOf(party);
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
                await channel.QueueBindAsync(queue, DepartmentMessage.Exchange, binding, cancellationToken: cancellationToken);
                _declared[party] = true;
            }

            return missing.Count;
        }
        catch
        {
            // A broken connection is opened afresh next time.
            await CloseAsync();
            throw;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        await CloseAsync();
        var factory = new ConnectionFactory { Uri = bus.RabbitMqUri!, ClientProvidedName = "approvals department queues" };
        _connection = await factory.CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);

        // As MassTransit declares it: durable, not auto-deleted, no arguments.
        await _channel.ExchangeDeclareAsync(DepartmentMessage.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        return _channel;
    }

    private async Task CloseAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _lock.Dispose();
    }
}
