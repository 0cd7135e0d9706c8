namespace Approvals.Server.Documents.Composers;

/// <summary>
/// The documents a consolidation process reviews and approves, named as the seeds name them; a step's name says
/// which of them it is about (印发项目建议书批复, 片区策划和项目建议书并联会审会商, 自治区自然资源主管部门批准实施方案).
/// </summary>
public static class PlanDocuments
{
    private static readonly string[] Known = ["片区策划", "项目建议书", "单元方案", "可行性研究报告", "实施方案", "节余指标跨县域流转"];

    /// <summary>The documents a text names, in the order it names them.</summary>
    public static IReadOnlyList<string> In(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. Known.Select(k => (Term: k, At: text.IndexOf(k, StringComparison.Ordinal))).Where(k => k.At >= 0).OrderBy(k => k.At).Select(k => k.Term)];

    /// <summary>甲, 甲和乙, 甲、乙和丙.</summary>
    public static string Join(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join("、", names.Take(names.Count - 1)) + "和" + names[^1];
}
