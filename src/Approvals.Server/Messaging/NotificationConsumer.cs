using System.Text.Json;
using Approvals.Messaging.Contracts;
using Approvals.Persistence;
using Approvals.Persistence.Notifications;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Messaging;

/// <summary>
/// Delivers department messages to the addressee's in-app notification list. Idempotent: a message delivered
/// twice (a redelivery, or the relay sending again after a crash) finds its row and does nothing more.
/// </summary>
public sealed class NotificationConsumer(ApprovalsDbContext db, WriteGate gate, TimeProvider time) : IConsumer<DepartmentMessage>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<DepartmentMessage> context)
    {
        var m = context.Message;
        if (m.Addressee is not { } to)
        {
            return;
        }

        using var turn = await gate.EnterAsync(context.CancellationToken);
        if (await db.Notifications.AnyAsync(n => n.MessageId == m.MessageId && n.RecipientKind == to.Kind && n.RecipientCode == to.Code && n.RecipientJurisdiction == to.Jurisdiction, context.CancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        var body = JsonSerializer.Serialize(m, Json);
        db.Notifications.Add(new Notification
        {
            Id = Guid.CreateVersion7(), MessageId = m.MessageId, RecipientKind = to.Kind, RecipientCode = to.Code, RecipientJurisdiction = to.Jurisdiction,
            MessageType = m.Type, Title = Truncate(OutboxTranslation.Title(m), 300), ProjectId = m.ProjectId, ProjectName = Truncate(m.ProjectName, 200),
            TaskId = m.TaskId, DueAt = m.DueAt, Body = body, OccurredAt = m.OccurredAt, DeliveredAt = now,
        });

        // The organisation's own system, if it has a webhook: queued here, in the same transaction, sent by the WebhookSender.
        var organisation = OrganisationOf(to);
        if (await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.OrganisationId == organisation && w.Enabled, context.CancellationToken) is { } hook)
        {
            db.WebhookDeliveries.Add(new Approvals.Persistence.Webhooks.WebhookDelivery
            {
                Id = Guid.CreateVersion7(), MessageId = m.MessageId, OrganisationId = organisation, Url = hook.Url, Body = body, Status = "pending",
                AvailableAt = now, CreatedAt = now,
            });
        }
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException)
        {
            // Delivered at the same moment by another node: the unique key kept it once. Anything else is retried.
            if (!await IsDeliveredAsync(m, to, context.CancellationToken))
            {
                throw;
            }
        }
    }

    private async Task<bool> IsDeliveredAsync(DepartmentMessage m, MessageAddressee to, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Notifications.AnyAsync(n => n.MessageId == m.MessageId && n.RecipientKind == to.Kind && n.RecipientCode == to.Code && n.RecipientJurisdiction == to.Jurisdiction, cancellationToken);
    }

    /// <summary>The organisation an addressee is: <c>330421/water-resources</c>, <c>330421102201/village-committee</c>, or the entity's own id.</summary>
    public static string OrganisationOf(MessageAddressee party) => Security.Parties.OrganisationOf(party.Kind, party.Code, party.Jurisdiction);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>
/// On RabbitMQ the notification queue takes every department message from the topic exchange ("#"), beside
/// the departments' own queues; on the in-memory bus it subscribes to the message type as usual.
/// </summary>
public sealed class NotificationConsumerDefinition : ConsumerDefinition<NotificationConsumer>
{
    public NotificationConsumerDefinition() => EndpointName = "approvals-notifications";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<NotificationConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
            // Services disposed under a consumer: retrying in this process cannot succeed and only holds up the bus's
            // stop. The service's own shutdown stops the bus before it disposes anything, so this is a host torn down
            // twice at once (WebApplicationFactory does); the message faults like any failed one.
            retry.Ignore<ObjectDisposedException>();
        });
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.ConfigureConsumeTopology = false;
            rabbit.Bind(DepartmentMessage.Exchange, binding =>
            {
                binding.ExchangeType = RabbitMQ.Client.ExchangeType.Topic;
                binding.RoutingKey = "#";
            });
        }
    }
}
