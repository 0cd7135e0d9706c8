using System.Collections.Concurrent;
using Approvals.Messaging;
using Approvals.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Approvals.IntegrationTests.Messaging;

public sealed record BusProbe(Guid Id, string Region);

public sealed class BusProbeConsumer(BusProbeInbox inbox) : IConsumer<BusProbe>
{
    public Task Consume(ConsumeContext<BusProbe> context)
    {
        inbox.Receive(context.Message, context.ReceiveContext.InputAddress);
        return Task.CompletedTask;
    }
}

public sealed class BusProbeInbox
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<(BusProbe Message, Uri Address)>> _waiting = new();

    public void Receive(BusProbe message, Uri address) => Slot(message.Id).TrySetResult((message, address));

    public Task<(BusProbe Message, Uri Address)> WaitAsync(Guid id, TimeSpan timeout) => Slot(id).Task.WaitAsync(timeout);

    private TaskCompletionSource<(BusProbe, Uri)> Slot(Guid id) =>
        _waiting.GetOrAdd(id, _ => new TaskCompletionSource<(BusProbe, Uri)>(TaskCreationOptions.RunContinuationsAsynchronously));
}

[Collection(SharedBroker.Name)]
public class RabbitMqMessagingTests
{
    [Fact]
    public async Task A_message_published_through_MassTransit_over_RabbitMQ_is_consumed_from_its_queue()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<BusProbeInbox>();
        services.AddApprovalsMessaging(new BusSettings(BusTransport.RabbitMq, TestServers.RabbitMq), bus => bus.AddConsumer<BusProbeConsumer>());
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        var inbox = provider.GetRequiredService<BusProbeInbox>();
        var cancellation = TestContext.Current.CancellationToken;

        await bus.StartAsync(cancellation);
        try
        {
            var probe = new BusProbe(Guid.NewGuid(), "浙江省嘉兴市");
            await bus.Publish(probe, cancellation);

            var (received, address) = await inbox.WaitAsync(probe.Id, TimeSpan.FromSeconds(30));

            Assert.Equal(probe, received);
            Assert.Equal("rabbitmq", address.Scheme);
            Assert.EndsWith("/approvals-bus-probe", address.AbsolutePath, StringComparison.Ordinal);
        }
        finally
        {
            await bus.StopAsync(cancellation);
        }

        // The queue is the broker's, not MassTransit's imagination: another client finds it there.
        var factory = new ConnectionFactory { Uri = TestServers.RabbitMq };
        await using var connection = await factory.CreateConnectionAsync(cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        var queue = await channel.QueueDeclarePassiveAsync("approvals-bus-probe", cancellation);
        Assert.Equal(0u, queue.MessageCount);
    }
}
