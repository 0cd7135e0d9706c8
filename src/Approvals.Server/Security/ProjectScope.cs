using Approvals.Persistence;
using Approvals.Persistence.Projects;

namespace Approvals.Server.Security;

/// <summary>
/// Which projects a user may see: the implementing entity its own; a department or leading group office
/// those in its county, city or province (and a ministry all); a village committee or collective economic
/// organisation those touching its village. Anyone else sees none, and is told nothing about them.
/// </summary>
public static class ProjectScope
{
    private static readonly string[] VillageBodies = ["village-committee", "collective-economic-organisation"];

    public static IQueryable<Project> Visible(this IQueryable<Project> projects, Caller caller, ApprovalsDbContext db) => caller.OrganisationKind switch
    {
        "implementing-entity" => projects.Where(p => p.ImplementingEntityId == caller.OrganisationId),
        "department" when caller.Jurisdiction == Approvals.Engine.Runtime.Jurisdictions.National => projects,
        "department" => projects.Where(p => p.CountyCode == caller.Jurisdiction || p.CityCode == caller.Jurisdiction || p.ProvinceCode == caller.Jurisdiction),
        _ when VillageBodies.Contains(caller.OrganisationKind) =>
            projects.Where(p => db.ProjectVillages.Any(v => v.ProjectId == p.Id && v.Code == caller.Jurisdiction)),
        _ => projects.Where(_ => false),
    };

    public static bool CanSee(Caller caller, Project project) => caller.OrganisationKind switch
    {
        "implementing-entity" => project.ImplementingEntityId == caller.OrganisationId,
        "department" => caller.Jurisdiction == Approvals.Engine.Runtime.Jurisdictions.National
            || caller.Jurisdiction == project.CountyCode || caller.Jurisdiction == project.CityCode || caller.Jurisdiction == project.ProvinceCode,
        _ when VillageBodies.Contains(caller.OrganisationKind) => project.Villages.Any(v => v.Code == caller.Jurisdiction),
        _ => false,
    };

    /// <summary>Registering and editing a project: its implementing entity, or its county's leading group office.</summary>
    public static bool CanEdit(Caller caller, Project project) =>
        project.ImplementingEntityId == caller.OrganisationId
        || (caller.IsLeadingGroupOffice && caller.Jurisdiction == project.CountyCode);

    public static bool IsVillageBody(Caller caller) => VillageBodies.Contains(caller.OrganisationKind);
}
