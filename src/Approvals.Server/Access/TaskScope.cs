using System.Linq.Expressions;
using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Notifications;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;

namespace Approvals.Server.Access;

/// <summary>
/// The party a signed-in user works as, which the engine addresses tasks and messages to: a department bureau's users
/// its department in its jurisdiction; a village committee's users that village's committee; an implementing
/// entity's users the entity. Whose inbox, whose notifications.
/// </summary>
public sealed record TaskScope(string Kind, string Code, string Jurisdiction)
{
    public bool Holds(string kind, string code, string jurisdiction) => Kind == kind && Code == code && Jurisdiction == jurisdiction;

    /// <summary>Null for a user who is addressed nothing (a ministry's department without a code, an administrator).</summary>
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

    /// <summary>The tasks addressed to this party, as a query (the inbox's index leads with these columns).</summary>
    public Expression<Func<TaskRecord, bool>> TaskFilter() => t => t.AssigneeKind == Kind && t.AssigneeCode == Code && t.AssigneeJurisdiction == Jurisdiction;

    /// <summary>The notifications delivered to this party.</summary>
    public Expression<Func<Notification, bool>> NotificationFilter() =>
        n => n.RecipientKind == Kind && n.RecipientCode == Code && n.RecipientJurisdiction == Jurisdiction;
}
