namespace Approvals.Engine.Consent;

/// <summary>
/// A legal rule for a village's consent vote, as data: which bodies may decide under it and, for each, how the
/// meeting is counted. <see cref="ConsentRules"/> holds the rules the catalogue names and evaluates votes.
/// </summary>
/// <param name="Code">The catalogue's code, e.g. <c>land-contracting-two-thirds</c>.</param>
/// <param name="Name">The Chinese name the catalogue gives it.</param>
/// <param name="Citation">The statute articles, e.g. 《村民委员会组织法》第二十二条.</param>
/// <param name="Bodies">The bodies that may decide under the rule; any one of them suffices.</param>
/// <param name="WrittenBallot">Whether and how the rule allows a written vote (书面表决); null: only a meeting decides.</param>
public sealed record ConsentRule(string Code, string Name, string Citation, IReadOnlyList<ConsentBody> Bodies,
    BallotPolicy? WrittenBallot = null)
{
    /// <summary>
    /// Where the law changed who decides (the 农村集体经济组织法 in force on 2025-05-01): the day this rule applies
    /// from, and the rule that decided meetings held before it.
    /// </summary>
    public ConsentRuleChange? Earlier { get; init; }

    /// <summary>Bodies the law forbids to decide the matter, each with why (e.g. what 集体经济组织法 第二十八条 reserves to the 成员大会).</summary>
    public IReadOnlyDictionary<string, string> Reserved { get; init; } = new Dictionary<string, string>();

    /// <summary>The body with this code if the rule lets it decide, otherwise null.</summary>
    public ConsentBody? BodyFor(string bodyCode) => Bodies.FirstOrDefault(b => b.Code == bodyCode);

    /// <summary>The rule in force on a day: a meeting is judged by the law of the day it was held.</summary>
    public ConsentRule At(DateOnly day) => Earlier is { } change && day < change.InForceFrom ? change.Before.At(day) : this;
}

/// <summary>A rule's earlier form: what decided meetings before <paramref name="InForceFrom"/>.</summary>
public sealed record ConsentRuleChange(DateOnly InForceFrom, ConsentRule Before);

/// <summary>How one body's meeting is counted under a rule.</summary>
/// <param name="Code">The body as records name it: villagers-meeting, villager-representatives-meeting,
/// village-group-meeting, member-assembly, representatives-assembly.</param>
/// <param name="Name">The Chinese name: 村民会议, 村民代表会议 ….</param>
/// <param name="Quorum">When the meeting is valid (会议有效): any one option suffices; empty where the law sets no
/// quorum (the charter may).</param>
/// <param name="PassBasis">What the yes votes are counted against: those present, or all the body's members.</param>
/// <param name="Pass">The share of that basis the yes votes must reach.</param>
/// <param name="MembersLabel">How the summary names all the body's members (全体成员, 全体村民代表 …).</param>
/// <param name="NoticeDays">Days of notice the law asks before the meeting (提前十天通知), or null where it asks none.</param>
/// <param name="RepresentativesShare">For a villager representatives' meeting: the least share of its members that
/// must be representatives rather than village committee members (五分之四以上), or null.</param>
public sealed record ConsentBody(
    string Code,
    string Name,
    IReadOnlyList<QuorumOption> Quorum,
    PassBasis PassBasis,
    Threshold Pass,
    string MembersLabel,
    int? NoticeDays = null,
    Threshold? RepresentativesShare = null);

/// <summary>
/// Whether and how a rule allows a written vote (书面表决): what one ballot stands for, the pass threshold over ALL who
/// may vote (the electorate, never only the ballots returned), whether a member may have a member of the same
/// household sign for them, the days of notice before the vote closes, and where this comes from.
/// </summary>
/// <param name="Basis">What one ballot stands for: a person or a household.</param>
/// <param name="Pass">The share of the electorate the yes ballots must reach.</param>
/// <param name="SameHouseholdProxy">A member may give a written proxy to another member of the same household
/// (《农村集体经济组织法》第二十七条); false: every ballot is signed by the member themself.</param>
/// <param name="NoticeDays">Days of notice before the vote closes, or null where none is asked.</param>
/// <param name="Source">In Chinese: the statute, or the practice, the written vote rests on.</param>
/// <param name="RegisteredVillagers">Who may vote are the village's adults (or households) as registered with the
/// project, so the electorate must be that figure; false where they are the collective's members, whom the project does
/// not register.</param>
public sealed record BallotPolicy(BallotBasis Basis, Threshold Pass, bool SameHouseholdProxy, int? NoticeDays, string Source, bool RegisteredVillagers = false);

/// <summary>What one written ballot stands for.</summary>
public enum BallotBasis
{
    /// <summary>One ballot per person (一人一票): the electorate counts persons.</summary>
    Persons,

    /// <summary>One ballot per household (一户一票), cast by its representative: the electorate counts households.</summary>
    Households,
}

/// <summary>One way a meeting reaches its quorum: a share of the members, or of the households, attending.</summary>
public sealed record QuorumOption(QuorumBasis Basis, Threshold Threshold);

public enum QuorumBasis
{
    /// <summary>Attendance against the electorate (adult villagers, members, representatives).</summary>
    Members,

    /// <summary>Households represented (户的代表) against all households.</summary>
    Households,
}

public enum PassBasis
{
    /// <summary>The yes votes against those present (到会人员).</summary>
    Present,

    /// <summary>The yes votes against all the body's members (全体成员), present or not.</summary>
    AllMembers,

    /// <summary>
    /// A representatives' meeting's yes votes of 村民代表 only, against all 村民代表 (组成人员 less the village committee's
    /// members): the 三分之二以上村民代表 of 农村土地承包法 第十九条、第二十八条、第五十二条 and 土地管理法 第六十三条.
    /// </summary>
    Representatives,
}

/// <summary>
/// A share as an integer fraction, strict (过半数: more than half) or inclusive (三分之二以上: two thirds or more).
/// Compared in integers — <c>2 * count &gt; base</c>, <c>3 * count &gt;= 2 * base</c> — never in floating point.
/// </summary>
public sealed record Threshold(int Numerator, int Denominator, bool Strict)
{
    /// <summary>过半数: strictly more than half.</summary>
    public static Threshold MoreThanHalf { get; } = new(1, 2, Strict: true);

    /// <summary>三分之二以上: two thirds or more (以上 is inclusive).</summary>
    public static Threshold TwoThirdsOrMore { get; } = new(2, 3, Strict: false);

    /// <summary>五分之四以上: four fifths or more.</summary>
    public static Threshold FourFifthsOrMore { get; } = new(4, 5, Strict: false);

    /// <summary>Whether <paramref name="count"/> reaches this share of <paramref name="total"/>.</summary>
    public bool IsMetBy(int count, int total)
    {
        var left = (long)count * Denominator;
        var right = (long)total * Numerator;
        return Strict ? left > right : left >= right;
    }

    /// <summary>The share in words: 半数, 三分之二, 五分之四.</summary>
    public string Share => Numerator * 2 == Denominator ? "半数" : $"{Digit(Denominator)}分之{Digit(Numerator)}";

    /// <summary>The legal term: 过半数, 三分之二以上.</summary>
    public string Term => Strict ? (Numerator * 2 == Denominator ? "过半数" : $"超过{Share}") : Share + "以上";

    /// <summary>The verb for a count that reaches (or fails) the share: 超过/未超过 when strict, 达到/不足 when inclusive.</summary>
    public string Verb(bool met) => (Strict, met) switch
    {
        (true, true) => "超过",
        (true, false) => "未超过",
        (false, true) => "达到",
        (false, false) => "不足",
    };

    private static string Digit(int n) =>
        n is >= 1 and <= 10 ? "一二三四五六七八九十"[n - 1].ToString() : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
