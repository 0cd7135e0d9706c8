using Approvals.Messaging.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Approvals.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>Endpoint (queue) names are kebab-case and prefixed so the service's queues stand apart on a shared broker.</summary>
    public static readonly IEndpointNameFormatter EndpointNames = new KebabCaseEndpointNameFormatter("approvals", false);

    /// <summary>
    /// MassTransit on the chosen transport. <paramref name="configureConsumers"/> registers consumers; each gets
    /// its own endpoint. The bus connects in the background: a broker that is down at start makes the service
    /// not ready (the health check says so) rather than stopping it.
    /// </summary>
    public static IServiceCollection AddApprovalsMessaging(
        this IServiceCollection services,
        BusSettings settings,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        services.AddSingleton(settings);
        services.AddSingleton<DepartmentQueues>();
        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(EndpointNames);
            bus.ConfigureHealthCheckOptions(health => health.Name = "bus");
            configureConsumers?.Invoke(bus);

            switch (settings.Transport)
            {
                case BusTransport.InMemory:
                    bus.UsingInMemory((context, cfg) =>
                    {
                        UseRawJson(cfg);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                case BusTransport.RabbitMq:
                    var uri = settings.RabbitMqUri ?? throw new InvalidOperationException("RabbitMQ needs a broker URI.");
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(uri, host =>
                        {
                            // Credentials travel in the URI (amqp://user:pass@host:port/vhost), as other clients take them.
                            var credentials = uri.UserInfo.Split(':', 2);
                            if (credentials[0].Length > 0)
                            {
                                host.Username(Uri.UnescapeDataString(credentials[0]));
                                host.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty);
                            }
                        });
                        UseRawJson(cfg);

                        // Department messages go to one topic exchange, routed by addressee and event, so that each
                        // department's queue is bound to its own key (see DepartmentQueues and the README).
                        cfg.Message<DepartmentMessage>(m => m.SetEntityName(DepartmentMessage.Exchange));
                        cfg.Publish<DepartmentMessage>(p => p.ExchangeType = ExchangeType.Topic);
                        cfg.Send<DepartmentMessage>(x => x.UseRoutingKeyFormatter(c => c.Message.RoutingKey));
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(settings), settings.Transport, "Unknown bus transport.");
            }
        });

        services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        return services;
    }

    /// <summary>Plain JSON bodies, so that a department's own system, in any language, reads a message as it is documented.</summary>
    private static void UseRawJson(IBusFactoryConfigurator cfg)
    {
        cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders, isDefault: true);
        cfg.UseRawJsonDeserializer(isDefault: true);
    }
}
