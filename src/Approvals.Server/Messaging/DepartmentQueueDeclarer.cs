using Approvals.Messaging;
using Approvals.Messaging.Contracts;
using Approvals.Persistence;
using Approvals.Runtime.Workers;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Messaging;

/// <summary>
/// On RabbitMQ, gives every department, village committee and implementing entity its own queue at start (and
/// keeps trying while the broker is away); the relay declares any other addressee's before its first message.
/// It pauses on the system clock: the broker comes back in real time, whatever clock the service runs on.
/// </summary>
public sealed class DepartmentQueueDeclarer(IServiceScopeFactory scopes, DepartmentQueues queues, BusSettings bus, ILogger<DepartmentQueueDeclarer> logger)
    : PollingWorker(TimeProvider.System, logger)
{
    protected override bool Enabled => queues.Enabled;

    protected override TimeSpan Pause => TimeSpan.FromSeconds(5);

    protected override async Task<Pass> PassAsync(CancellationToken cancellationToken)
    {
        var declared = await queues.EnsureAsync(await PartiesAsync(cancellationToken), cancellationToken);
        Logger.LogInformation("Declared {Count} department queue(s) on {Broker}", declared, bus.DisplayAddress);
        return Pass.Done;
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
