using Approvals.Messaging;
using Approvals.Messaging.Contracts;
using Approvals.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Messaging;

/// <summary>
/// On RabbitMQ, gives every department, village committee and implementing entity its own queue at start (and
/// keeps trying while the broker is away); the relay declares any other addressee's before its first message.
/// </summary>
public sealed class DepartmentQueueDeclarer(IServiceScopeFactory scopes, DepartmentQueues queues, BusSettings bus, ILogger<DepartmentQueueDeclarer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queues.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var declared = await queues.EnsureAsync(await PartiesAsync(stoppingToken), stoppingToken);
                logger.LogInformation("Declared {Count} department queue(s) on {Broker}", declared, bus.DisplayAddress);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Department queues not declared yet ({Error}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task<List<MessageAddressee>> PartiesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var organisations = await db.Organisations.AsNoTracking()
            .Where(o => o.Kind == "department" || o.Kind == "village-committee" || o.Kind == "collective-economic-organisation" || o.Kind == "implementing-entity")
            .ToListAsync(cancellationToken);
        return [.. organisations.Select(o => o.Kind switch
        {
            "department" => new MessageAddressee("department", o.DepartmentCode!, o.Jurisdiction),
            "implementing-entity" => new MessageAddressee("role", "implementing-entity", o.Id),
            _ => new MessageAddressee("role", o.Kind, o.Jurisdiction),
        })];
    }
}
