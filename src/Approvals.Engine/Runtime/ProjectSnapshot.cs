namespace Approvals.Engine.Runtime;

/// <summary>
/// What the engine knows of the project it runs for: where it is, who carries it out, what a forEach runs
/// over, and the facts gates and branches read. Copied into the instance at start; facts can be updated.
/// </summary>
public sealed record ProjectSnapshot(
    string ProjectId,
    string Name,
    Jurisdictions Jurisdictions,
    string ImplementingEntity,
    IReadOnlyList<string> DepartmentsWithSubProjects,
    IReadOnlyList<Village> Villages,
    IReadOnlyList<SubProject> SubProjects,
    Facts Facts);

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

public sealed record SubProject(string Id, string Name, string Department);

/// <summary>Project figures (in 亩 unless the catalogue says otherwise) and yes/no flags, by catalogue code.</summary>
public sealed record Facts(IReadOnlyDictionary<string, decimal> Numbers, IReadOnlyDictionary<string, bool> Flags)
{
    public static Facts None { get; } = new(new Dictionary<string, decimal>(), new Dictionary<string, bool>());

    public Facts With(Facts changes) => new(
        Numbers.Concat(changes.Numbers).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        Flags.Concat(changes.Flags).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
}
