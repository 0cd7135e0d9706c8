using System.Security.Claims;
using Approvals.Engine.Runtime;

namespace Approvals.Server.Security;

/// <summary>
/// Which tasks a signed-in user may see and act on: the party the engine addresses them as. A department
/// bureau's users get its department's tasks in its jurisdiction; a village committee's users that village's;
/// an implementing entity's users the tasks of the projects it carries out.
/// </summary>
public sealed record TaskScope(string Kind, string Code, string Jurisdiction)
{
    public bool Holds(string kind, string code, string jurisdiction) => Kind == kind && Code == code && Jurisdiction == jurisdiction;

    public static TaskScope? Of(ClaimsPrincipal user)
    {
        var organisation = user.FindFirstValue(ApprovalsClaims.Organisation);
        var kind = user.FindFirstValue(ApprovalsClaims.OrganisationKind);
        var jurisdiction = user.FindFirstValue(ApprovalsClaims.Jurisdiction);
        if (organisation is null || jurisdiction is null)
        {
            return null;
        }

        return kind switch
        {
            "department" when user.FindFirstValue(ApprovalsClaims.Department) is { } department => new(Party.DepartmentKind, department, jurisdiction),
            "village-committee" or "collective-economic-organisation" => new(Party.RoleKind, kind, jurisdiction),
            "implementing-entity" => new(Party.RoleKind, kind, organisation),
            _ => null,
        };
    }
}
