namespace Approvals.Engine.Runtime;

/// <summary>Someone who took part in an acceptance (参加验收人员): the opinion lists them.</summary>
public sealed record Participant(string Name, string Role, string? Organisation)
{
    public const string VillageRepresentative = "village-representative";

    /// <summary>The roles an acceptance records, with the names the letters print.</summary>
    public static readonly IReadOnlyDictionary<string, string> Roles = new Dictionary<string, string>
    {
        ["department"] = "部门代表",
        ["implementing-entity"] = "实施主体",
        ["town"] = "乡镇（街道）",
        [VillageRepresentative] = "村民（群众）代表",
        ["expert"] = "专家",
        ["other"] = "其他",
    };
}
