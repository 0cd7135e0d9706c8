using System.Security.Claims;

namespace Approvals.Server.Security;

/// <summary>The signed-in user as the API needs them: who, for the audit; which organisation, for scope.</summary>
public sealed record Caller(
    string UserId, string UserName, string DisplayName, string OrganisationId, string OrganisationKind, string Jurisdiction,
    string? Department, IReadOnlySet<string> Roles)
{
    /// <summary>How commands and the audit name this user.</summary>
    public string Actor => UserName;

    public bool IsDepartment(string department) => OrganisationKind == "department" && Department == department;

    public bool IsLeadingGroupOffice => IsDepartment("leading-group-office");

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
