using Approvals.Persistence;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Access;

/// <summary>
/// What a manager oversees: a leading group office with the manager role sees the projects of its jurisdiction's
/// counties (a county office its county, a city office its counties, a provincial office those of its cities).
/// Anyone else is refused the monitoring views.
/// </summary>
public static class MonitoringScope
{
    /// <summary>The county codes the caller oversees; null when the caller is no manager of a leading group office.</summary>
    public static async Task<IReadOnlyList<string>?> CountiesAsync(ApprovalsDbContext db, Caller? caller, CancellationToken cancellationToken)
    {
        if (caller is not { OverseesJurisdiction: true })
        {
            return null;
        }

        var places = db.Organisations.AsNoTracking();
        var kind = await places.Where(o => o.Id == caller.Jurisdiction).Select(o => o.Kind).FirstOrDefaultAsync(cancellationToken);
        return kind switch
        {
            "county" => [caller.Jurisdiction],
            "city" => await places.Where(o => o.Kind == "county" && o.ParentId == caller.Jurisdiction).Select(o => o.Id).ToListAsync(cancellationToken),
            "province" => await places.Where(o => o.Kind == "county" && places.Any(c => c.Id == o.ParentId && c.Kind == "city" && c.ParentId == caller.Jurisdiction))
                .Select(o => o.Id).ToListAsync(cancellationToken),
            _ => [],
        };
    }
}
