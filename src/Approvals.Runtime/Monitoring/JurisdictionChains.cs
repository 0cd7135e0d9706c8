using System.Collections.Concurrent;
using Approvals.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Runtime.Monitoring;

/// <summary>
/// A county and the jurisdictions above it (its city, that city's province), as the organisation table places
/// them and as the managers' scope reads them: a step duration is tallied once for each. Places do not move, so
/// each county is looked up once per node.
/// </summary>
public sealed class JurisdictionChains
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _known = new();

    public async Task<IReadOnlyList<string>> OfAsync(ApprovalsDbContext db, string county, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(county, out var known))
        {
            return known;
        }

        var places = db.Organisations.AsNoTracking();
        var city = await places.Where(o => o.Kind == "city" && places.Any(c => c.Id == county && c.Kind == "county" && c.ParentId == o.Id))
            .Select(o => new { o.Id, o.ParentId }).FirstOrDefaultAsync(cancellationToken);
        var province = city?.ParentId is { } parent
            ? await places.Where(o => o.Id == parent && o.Kind == "province").Select(o => o.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        // Kept also for a county with no city registered: a project is registered only in places that already exist.
        return _known[county] = [county, .. city is null ? [] : new[] { city.Id }, .. province is null ? [] : new[] { province }];
    }
}
