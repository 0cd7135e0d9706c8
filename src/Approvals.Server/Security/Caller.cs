using System.Security.Claims;
using Approvals.Engine.Runtime;

namespace Approvals.Server.Security;

/// <summary>The signed-in user as the API needs them: who, for the audit; which organisation, for scope.</summary>
public sealed record Caller(
    string UserId, string UserName, string DisplayName, string OrganisationId, string OrganisationKind, string Jurisdiction,
    string? Department, IReadOnlySet<string> Roles)
{
    /// <summary>How commands and the audit name this user.</summary>
    public string Actor => UserName;

    public bool IsDepartment(string department) => OrganisationKind == "department" && Department == department;

    public bool IsLeadingGroupOffice => IsDepartment(Party.LeadingGroupOffice);

    public bool IsManager => Roles.Contains(ManagerRole);

    /// <summary>A manager of a leading group office: who monitors, reminds and refers in its jurisdiction.</summary>
    public bool OverseesJurisdiction => IsLeadingGroupOffice && IsManager;

    public const string ManagerRole = "manager";

    public static Caller? Of(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id
            || user.FindFirstValue(ApprovalsClaims.Organisation) is not { } organisation
            || user.FindFirstValue(ApprovalsClaims.OrganisationKind) is not { } kind
            || user.FindFirstValue(ApprovalsClaims.Jurisdiction) is not { } jurisdiction)
        {
            return null;
        }

        return new Caller(id, user.FindFirstValue(ClaimTypes.Name) ?? id, user.FindFirstValue(ClaimTypes.GivenName) ?? id,
            organisation, kind, jurisdiction, user.FindFirstValue(ApprovalsClaims.Department),
            user.FindAll(ClaimTypes.Role).Select(r => r.Value).ToHashSet());
    }
}
