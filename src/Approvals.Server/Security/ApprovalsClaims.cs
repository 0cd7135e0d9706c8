using System.Security.Claims;
using Approvals.Persistence.Organisations;

namespace Approvals.Server.Security;

/// <summary>What a signed-in user's principal carries: who, which organisation, where, which roles.</summary>
public static class ApprovalsClaims
{
    public const string Organisation = "approvals:organisation";
    public const string OrganisationKind = "approvals:organisation-kind";
    public const string Jurisdiction = "approvals:jurisdiction";
    public const string Department = "approvals:department";

    public static ClaimsPrincipal For(UserAccount user, Organisation organisation, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(Organisation, organisation.Id),
            new(OrganisationKind, organisation.Kind),
            new(Jurisdiction, organisation.Jurisdiction),
        };
        if (organisation.DepartmentCode is { } department)
        {
            claims.Add(new Claim(Department, department));
        }

        claims.AddRange(user.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
