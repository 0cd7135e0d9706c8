using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Projects;

/// <summary>Projects as the engine sees them (a snapshot to start on) and as the API shows them.</summary>
public static class ProjectMapping
{
    /// <summary>
    /// The project as its process starts on it. Starting raises the row's version, and the snapshot carries the version
    /// the row will have, so that decisions name a version the project's history shows.
    /// </summary>
    public static ProjectSnapshot Snapshot(Project project)
    {
        var subProjects = SubProjectsOf(project.SubProjects);
        return new ProjectSnapshot(
            project.Id.ToString(), project.Name,
            new Jurisdictions(project.ProvinceCode, project.CityCode, project.CountyCode, project.TownCode),
            project.ImplementingEntityId,
            ProjectSnapshot.DepartmentsOf(subProjects),
            VillagesOf(project.Villages),
            subProjects,
            FactsOf(project)) { DataVersion = project.Version + 1 };
    }

    public static IReadOnlyList<Village> VillagesOf(IEnumerable<ProjectVillage> villages) =>
        [.. villages.OrderBy(v => v.Code, StringComparer.Ordinal).Select(v => new Village(v.Code, v.Name))];

    /// <summary>Every sub-project with its plan: those not carried out in the area are confirmed, never built (the engine leaves them out).</summary>
    public static IReadOnlyList<SubProject> SubProjectsOf(IEnumerable<ProjectSubProject> subProjects) =>
        [.. subProjects.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SubProject(s.Key, s.Name, s.DepartmentCode, s.Plan))];

    public static Facts FactsOf(Project project) => StateDocument.Read<Facts>(project.Facts);

    public static async Task<ProjectView> ViewAsync(Project project, ApprovalsDbContext db, Catalogue catalogue, CancellationToken cancellationToken)
    {
        ProcessView? process = null;
        if (project.InstanceId is { } instanceId
            && await db.Instances.AsNoTracking().Where(i => i.Id == instanceId)
                .Select(i => new { i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.StatusReason, i.CurrentSteps, i.StartedAt, i.EndedAt })
                .FirstOrDefaultAsync(cancellationToken) is { } instance)
        {
            var tasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskRowStatus.Open)
                .OrderBy(t => t.OpenedAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
            var waiting = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId)
                .OrderBy(b => b.CreatedAt).Select(b => new WaitingView(b.Kind, b.Key)).ToListAsync(cancellationToken);
            process = new ProcessView(instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.Status, instance.StatusReason,
                StateDocument.Read<List<string>>(instance.CurrentSteps),
                [.. tasks.Select(t => new OpenTaskView(t.Id, t.StepId, t.StepName, t.Activity, t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction,
                    t.ItemName, t.DueDate, t.DueAt, t.Warning, t.AssignedToName))],
                waiting, instance.StartedAt, instance.EndedAt);
        }

        var facts = FactsOf(project);
        return new ProjectView(project.Id, project.Name, project.DefinitionId, project.Status,
            project.ProvinceCode, project.CityCode, project.CountyCode, project.TownCode, project.ImplementingEntityId, project.Area,
            [.. project.Villages.OrderBy(v => v.Code, StringComparer.Ordinal).Select(v => new VillageView(v.Code, v.Name, v.Electorate, v.Households, v.Representatives))],
            [.. project.SubProjects.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SubProjectView(
                s.Key, s.Name, s.DepartmentCode, catalogue.Department(s.DepartmentCode)?.Name ?? s.DepartmentCode, s.Plan, s.Description))],
            new FactsView(facts.Numbers, facts.Flags),
            StateDocument.Read<List<string>>(project.Materials),
            project.Version, project.CreatedBy, project.CreatedAt, project.UpdatedAt, process);
    }
}
