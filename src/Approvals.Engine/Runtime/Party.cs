namespace Approvals.Engine.Runtime;

/// <summary>
/// Who a task is for, resolved for this project: a department (by code) of a jurisdiction (by administrative
/// code), or a role of an organisation (the implementing entity, a village). Inbox queries match on these.
/// </summary>
public sealed record Party(string Kind, string Code, string Jurisdiction)
{
    public const string DepartmentKind = "department";
    public const string RoleKind = "role";

    public static Party Department(string code, string jurisdiction) => new(DepartmentKind, code, jurisdiction);

    public static Party Role(string code, string organisation) => new(RoleKind, code, organisation);

    public override string ToString() => $"{Kind}:{Code}@{Jurisdiction}";
}
