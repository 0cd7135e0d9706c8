namespace Approvals.Engine.Runtime;

/// <summary>
/// What the engine knows of the project it runs for: where it is, who carries it out, what a forEach runs
/// over, and the facts gates and branches read. Copied into the instance at start; a correction (项目更正) or a
/// department's confirmation replaces parts of it and raises <see cref="DataVersion"/>.
/// </summary>
public sealed record ProjectSnapshot(
    string ProjectId,
    string Name,
    Jurisdictions Jurisdictions,
    string ImplementingEntity,
    IReadOnlyList<string> DepartmentsWithSubProjects,
    IReadOnlyList<Village> Villages,
    IReadOnlyList<SubProject> SubProjects,
    Facts Facts)
{
    /// <summary>
    /// The version of the project's data this snapshot holds (the project row's version): every decision records
    /// the one it was made on. States written before versions were kept read as 1.
    /// </summary>
    public int DataVersion { get; init; } = 1;

    /// <summary>
    /// Figures measured at acceptance (实测 or certified), beside the planned <see cref="Facts"/> which stay as approved: a
    /// project-level sign-off's figure, or the sum over the sub-projects a forEach sign-off measured, latest of each.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Measured { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The planned facts with the measured figures laid over them: what a check made at acceptance reads.</summary>
    public Facts AsMeasured => Facts.With(new Facts(Measured, new Dictionary<string, bool>()));

    /// <summary>The sub-projects built and accepted in the area: those not carried out here are only confirmed.</summary>
    public IEnumerable<SubProject> Built => SubProjects.Where(s => s.Plan != SubProjectPlans.NotInArea);

    /// <summary>Departments confirm their sub-projects, whatever their plan.</summary>
    public static IReadOnlyList<string> DepartmentsOf(IEnumerable<SubProject> subProjects) =>
        [.. subProjects.Select(s => s.Department).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>Administrative codes of the project's town, county, city and province (行政区划代码).</summary>
public sealed record Jurisdictions(string Province, string City, string County, string Town)
{
    /// <summary>The ministries sit above every province.</summary>
    public const string National = "000000";

    public string At(string level) => level switch
    {
        "ministry" => National,
        "province" => Province,
        "city" => City,
        "county" => County,
        "town" => Town,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown level of government."),
    };
}

public sealed record Village(string Code, string Name);

/// <summary>A sub-project and its plan (<see cref="SubProjectPlans"/>); a null plan (states before plans were kept) is built.</summary>
public sealed record SubProject(string Id, string Name, string Department, string? Plan = null);

/// <summary>The three lists of a department's confirmation letter (Jiaxing 附件2).</summary>
public static class SubProjectPlans
{
    /// <summary>在建.</summary>
    public const string InProgress = "in-progress";

    /// <summary>拟同步建设.</summary>
    public const string Concurrent = "concurrent";

    /// <summary>不在项目区内开展: confirmed by its department, never built or accepted here.</summary>
    public const string NotInArea = "not-in-area";

    public static readonly IReadOnlyList<string> All = [InProgress, Concurrent, NotInArea];
}

/// <summary>Project figures (in 亩 unless the catalogue says otherwise) and yes/no flags, by catalogue code.</summary>
public sealed record Facts(IReadOnlyDictionary<string, decimal> Numbers, IReadOnlyDictionary<string, bool> Flags)
{
    public static Facts None { get; } = new(new Dictionary<string, decimal>(), new Dictionary<string, bool>());

    public Facts With(Facts changes) => new(
        Numbers.Concat(changes.Numbers).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        Flags.Concat(changes.Flags).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
}
