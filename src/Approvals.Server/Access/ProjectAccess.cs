using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Projects;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Access;

/// <summary>A project (with its villages and sub-projects) and the caller it was found for.</summary>
public sealed record ProjectRead(Project Project, Caller Caller);

/// <summary>A village of a project, and its own committee (or collective economic organisation) as the caller.</summary>
public sealed record VillageRead(Project Project, ProjectVillage Village, Caller Caller);

/// <summary>
/// Which projects a user may see and change, for every endpoint and page. Seeing: the implementing entity its own; a
/// department or leading group office those in its county, city or province (a ministry all); a village committee or
/// collective economic organisation those touching its village; anyone else none, and is told nothing about them.
/// Changing a project: its implementing entity, or its county's leading group office. Recording a village's vote:
/// that village's own body.
/// </summary>
public sealed class ProjectAccess(ApprovalsDbContext db)
{
    private static readonly string[] VillageBodies = ["village-committee", "collective-economic-organisation"];

    public static bool IsVillageBody(Caller caller) => VillageBodies.Contains(caller.OrganisationKind);

    /// <summary>The projects the caller may see, as a query on the project's scope columns.</summary>
    public IQueryable<Project> Visible(Caller caller) => Visible(db.Projects.AsNoTracking(), caller);

    private IQueryable<Project> Visible(IQueryable<Project> projects, Caller caller) => caller.OrganisationKind switch
    {
        "implementing-entity" => projects.Where(p => p.ImplementingEntityId == caller.OrganisationId),
        "department" when caller.Jurisdiction == Jurisdictions.National => projects,
        "department" => projects.Where(p => p.CountyCode == caller.Jurisdiction || p.CityCode == caller.Jurisdiction || p.ProvinceCode == caller.Jurisdiction),
        _ when IsVillageBody(caller) => projects.Where(p => db.ProjectVillages.Any(v => v.ProjectId == p.Id && v.Code == caller.Jurisdiction)),
        _ => projects.Where(_ => false),
    };

    public static bool CanSee(Caller caller, Project project) => caller.OrganisationKind switch
    {
        "implementing-entity" => project.ImplementingEntityId == caller.OrganisationId,
        "department" => caller.Jurisdiction == Jurisdictions.National
            || caller.Jurisdiction == project.CountyCode || caller.Jurisdiction == project.CityCode || caller.Jurisdiction == project.ProvinceCode,
        _ when IsVillageBody(caller) => project.Villages.Any(v => v.Code == caller.Jurisdiction),
        _ => false,
    };

    /// <summary>Registering a project: an implementing entity (its own), or a county's leading group office (for its county).</summary>
    public static bool CanRegister(Caller caller) => caller.OrganisationKind == "implementing-entity" || caller.IsLeadingGroupOffice;

    /// <summary>Editing a project: its implementing entity, or its county's leading group office.</summary>
    public static bool CanEdit(Caller caller, Project project) =>
        project.ImplementingEntityId == caller.OrganisationId
        || (caller.IsLeadingGroupOffice && caller.Jurisdiction == project.CountyCode);

    /// <summary>Whether the project exists and the caller may see it, from its scope columns only (nothing is loaded).</summary>
    public async Task<Access<Caller>> CheckAsync(Guid projectId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken))
        {
            return Access<Caller>.NotFound;
        }

        return Caller.Of(user) is { } caller && await Visible(db.Projects.Where(p => p.Id == projectId), caller).AnyAsync(cancellationToken)
            ? Access<Caller>.Grant(caller)
            : Access<Caller>.Forbidden;
    }

    /// <summary>A project the caller may see, with its villages and sub-projects.</summary>
    public Task<Access<ProjectRead>> ReadAsync(Guid projectId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        FindAsync(projectId, user, tracking: false, CanSee, cancellationToken);

    /// <summary>A project the caller may change (edit, start).</summary>
    /// <param name="tracking">Track the project, to save the change on it.</param>
    public Task<Access<ProjectRead>> EditAsync(Guid projectId, ClaimsPrincipal user, bool tracking, CancellationToken cancellationToken) =>
        FindAsync(projectId, user, tracking, (caller, project) => CanSee(caller, project) && CanEdit(caller, project), cancellationToken);

    /// <summary>
    /// A project the caller applies for the overall acceptance of: its implementing entity's, or its town's government's
    /// (Jiaxing 四.(四) has the town apply, also where a platform company carries the project out).
    /// </summary>
    public Task<Access<ProjectRead>> ApplyAsync(Guid projectId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        FindAsync(projectId, user, tracking: false,
            (caller, project) => caller.OrganisationId == project.ImplementingEntityId || (caller.IsDepartment("government") && caller.Jurisdiction == project.TownCode),
            cancellationToken);

    /// <summary>
    /// A village of the project, for its own committee (or collective economic organisation) only: to anyone else the
    /// answer is the same 403, saying nothing of which villages the project has.
    /// </summary>
    public async Task<Access<VillageRead>> VillageAsync(Guid projectId, string villageCode, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var project = await LoadAsync(projectId, tracking: false, cancellationToken);
        if (project is null)
        {
            return Access<VillageRead>.NotFound;
        }

        return Caller.Of(user) is { } caller && IsVillageBody(caller) && caller.Jurisdiction == villageCode
            && project.Villages.FirstOrDefault(v => v.Code == villageCode) is { } village
                ? Access<VillageRead>.Grant(new VillageRead(project, village, caller))
                : Access<VillageRead>.Forbidden;
    }

    /// <summary>The project with its villages and sub-projects, whoever asks: for what follows an access check already made.</summary>
    public Task<Project?> LoadAsync(Guid projectId, bool tracking, CancellationToken cancellationToken)
    {
        var query = db.Projects.Include(p => p.Villages).Include(p => p.SubProjects).AsSplitQuery();
        return (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);
    }

    private async Task<Access<ProjectRead>> FindAsync(
        Guid projectId, ClaimsPrincipal user, bool tracking, Func<Caller, Project, bool> allowed, CancellationToken cancellationToken)
    {
        var project = await LoadAsync(projectId, tracking, cancellationToken);
        if (project is null)
        {
            return Access<ProjectRead>.NotFound;
        }

        return Caller.Of(user) is { } caller && allowed(caller, project)
            ? Access<ProjectRead>.Grant(new ProjectRead(project, caller))
            : Access<ProjectRead>.Forbidden;
    }
}
