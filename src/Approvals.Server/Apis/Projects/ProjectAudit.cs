using System.Globalization;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;

namespace Approvals.Server.Apis.Projects;

/// <summary>
/// A version of the project's data as its own audit chain keeps it: every registration, edit and correction records
/// the whole of what it left (places, villages, sub-projects with their plans, area, figures), so that any version a
/// decision names can be read back from the chain.
/// </summary>
public static class ProjectAudit
{
    public static Audited Of(string actor, string action, Project project, DateTimeOffset at, string? reason = null) => new(
        actor, action, project.Name, reason,
        new Dictionary<string, string?>
        {
            ["definition"] = project.DefinitionId,
            ["town"] = project.TownCode,
            ["villages"] = string.Join(",", project.Villages.OrderBy(v => v.Code, StringComparer.Ordinal).Select(v => $"{v.Code}:{v.Electorate}:{v.Households}:{v.Representatives}")),
            ["subProjects"] = string.Join(",", project.SubProjects.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.DepartmentCode}:{s.Plan}")),
            ["area"] = project.Area.ToString(CultureInfo.InvariantCulture),
            ["facts"] = StateDocument.Write(StateDocument.Read<Facts>(project.Facts)),
            ["version"] = project.Version.ToString(CultureInfo.InvariantCulture),
        }, at);
}
