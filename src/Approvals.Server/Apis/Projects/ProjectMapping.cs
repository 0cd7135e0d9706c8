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
    public static ProjectSnapshot Snapshot(Project project)
    {
        // Sub-projects not carried out in the area are confirmed by their department, but never built or accepted here.
        var built = project.SubProjects.Where(s => s.Plan != "not-in-area").OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        return new ProjectSnapshot(
            project.Id.ToString(), project.Name,
            new Jurisdictions(project.ProvinceCode, project.CityCode, project.CountyCode, project.TownCode),
            project.ImplementingEntityId,
            [.. project.SubProjects.Select(s => s.DepartmentCode).Distinct().Order(StringComparer.Ordinal)],
            [.. project.Villages.OrderBy(v => v.Code, StringComparer.Ordinal).Select(v => new Village(v.Code, v.Name))],
            [.. built.Select(s => new SubProject(s.Key, s.Name, s.DepartmentCode))],
            FactsOf(project));
    }

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
