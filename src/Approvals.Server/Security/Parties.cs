namespace Approvals.Server.Security;

/// <summary>How the engine's parties map to organisations.</summary>
public static class Parties
{
    /// <summary>The organisation a party is: <c>330421/water-resources</c>, <c>330421102201/village-committee</c>, or an entity's own id.</summary>
    public static string OrganisationOf(string kind, string code, string jurisdiction) =>
        kind == "role" && code == "implementing-entity" ? jurisdiction : $"{jurisdiction}/{code}";
}
