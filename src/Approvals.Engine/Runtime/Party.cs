namespace Approvals.Engine.Runtime;

/// <summary>
/// Who a task is for, resolved for this project: a department (by code) of a jurisdiction (by administrative
/// code), or a role of an organisation (the implementing entity, a village). Inbox queries match on these.
/// </summary>
public sealed record Party(string Kind, string Code, string Jurisdiction)
{
    public const string DepartmentKind = "department";
    public const string RoleKind = "role";

    /// <summary>The department code of a county's, city's or province's leading group office (领导小组办公室).</summary>
    public const string LeadingGroupOffice = "leading-group-office";

    /// <summary>The leading group office of a jurisdiction: where overdue tasks are escalated and referrals go.</summary>
    public static Party LeadingGroupOfficeOf(string jurisdiction) => Department(LeadingGroupOffice, jurisdiction);

    public static Party Department(string code, string jurisdiction) => new(DepartmentKind, code, jurisdiction);

    public static Party Role(string code, string organisation) => new(RoleKind, code, organisation);

    public override string ToString() => $"{Kind}:{Code}@{Jurisdiction}";
}
