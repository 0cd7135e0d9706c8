using System.Diagnostics.CodeAnalysis;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

/// <summary>The jurisdictions a task's project lies in, county → city → province, and who of the leading group offices may act on it.</summary>
public static class TaskJurisdictions
{
    public static async Task<string[]> OfAsync(ApprovalsDbContext db, InstanceRecord instance, CancellationToken cancellationToken) =>
        (Guid.TryParse(instance.ProjectId, out var projectId)
            ? await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new[] { p.CountyCode, p.CityCode, p.ProvinceCode }).FirstOrDefaultAsync(cancellationToken)
            : null) ?? [instance.CountyCode];

    /// <summary>A manager of the leading group office of one of these jurisdictions.</summary>
    public static bool MayOversee([NotNullWhen(true)] Caller? caller, string[] jurisdictions) =>
        caller is { IsLeadingGroupOffice: true } && caller.Roles.Contains("manager") && jurisdictions.Contains(caller.Jurisdiction);
}
