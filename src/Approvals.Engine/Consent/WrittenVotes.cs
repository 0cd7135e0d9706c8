using Approvals.Engine.Calendar;

namespace Approvals.Engine.Consent;

/// <summary>A written ballot's choice: 同意, 反对, 弃权.</summary>
public enum BallotChoice
{
    Yes,
    No,
    Abstain,
}

/// <summary>
/// One written ballot. <paramref name="Member"/> = whose vote it is (an identifier the committee keeps: member or ID
/// number; for the households basis, the household's representative); <paramref name="Household"/> = the member's
/// household (户号). A proxy ballot is signed by <paramref name="Proxy"/> (another member) whose household is
/// <paramref name="ProxyHousehold"/>. Identifiers are compared trimmed and ignoring case (an ID number's check letter
/// may be x or X); a blank proxy counts as none.
/// </summary>
public sealed record Ballot(string Member, string Household, BallotChoice Choice, string? Proxy = null, string? ProxyHousehold = null);

/// <summary>
/// A written vote as it stands: its basis (persons or households: what one ballot stands for), the notice and closing
/// days, how many persons (or households) may vote, and the ballots cast.
/// </summary>
public sealed record WrittenVote(BallotBasis Basis, DateOnly? NoticeDate, DateOnly ClosedOn, int Electorate, IReadOnlyList<Ballot> Ballots);

public static partial class ConsentRules
{
    /// <summary>
    /// Problems with one more ballot given those already cast (fields: member, household, proxy, proxyHousehold,
    /// choice, or body when the rule allows no written vote): the member has already voted (own ballot or by proxy),
    /// on the households basis the household has already voted, a proxy where the rule allows none, a proxy from
    /// another household, a proxy who is the member themself, empty identifiers. Empty: the ballot may be recorded.
    /// Messages name no one: identifiers are personal data.
    /// </summary>
    /// <exception cref="ArgumentException">The rule code is not one of <see cref="All"/>.</exception>
    /// <param name="on">The day the ballot is cast, which picks the rule in force (<see cref="ConsentRule.At"/>); null: the rule as it now stands.</param>
    public static IReadOnlyList<ConsentProblem> CheckBallot(string ruleCode, Ballot ballot, IReadOnlyList<Ballot> cast, DateOnly? on = null) =>
        CheckBallot(Require(ruleCode, on), ballot, cast);

    /// <summary>
    /// The verdict of a closed written vote (fields in problems: ballots, electorate, noticeDate, closedOn, basis, or
    /// body when the rule allows no written vote): more ballots than the electorate, any ballot's
    /// <see cref="CheckBallot(string, Ballot, IReadOnlyList{Ballot}, DateOnly?)"/> problem against those before it (duplicate
    /// members or households …), notice missing or too late where the rule asks for it, electorate ≤ 0, a basis other
    /// than the rule's. Valid when there are no problems; passed when the yes ballots reach the rule's share of the
    /// electorate (integers only). The summary gives the figures and the rule's citation.
    /// </summary>
    /// <exception cref="ArgumentException">The rule code is not one of <see cref="All"/>.</exception>
    public static ConsentVerdict EvaluateWrittenVote(string ruleCode, WrittenVote vote) =>
        EvaluateWrittenVote(Require(ruleCode, vote?.ClosedOn), vote!);

    /// <summary><see cref="CheckBallot(string, Ballot, IReadOnlyList{Ballot}, DateOnly?)"/> under any rule, e.g. one not in the table.</summary>
    internal static IReadOnlyList<ConsentProblem> CheckBallot(ConsentRule rule, Ballot ballot, IReadOnlyList<Ballot> cast)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(ballot);
        ArgumentNullException.ThrowIfNull(cast);

        if (rule.WrittenBallot is not { } policy)
        {
            return [NoWrittenVote(rule)];
        }

        var problems = new List<ConsentProblem>();
        void Add(string field, string message) => problems.Add(new(field, message));
        var earlier = cast.Where(b => b is not null).ToList();

        var member = Identifier(ballot.Member);
        var household = Identifier(ballot.Household);
        var proxy = Identifier(ballot.Proxy);
        var proxyHousehold = Identifier(ballot.ProxyHousehold);

        if (member is null)
        {
            Add("member", policy.Basis == BallotBasis.Households ? "表决票未填写户代表" : "表决票未填写表决人");
        }

        if (household is null)
        {
            Add("household", "表决票未填写户号");
        }

        if (!Enum.IsDefined(ballot.Choice))
        {
            Add("choice", $"表决意见（{(int)ballot.Choice}）无效，应为同意、反对或弃权");
        }

        if (member is not null && earlier.FirstOrDefault(b => Same(b.Member, member)) is { } before)
        {
            Add("member", Identifier(before.Proxy) is null ? "该成员已投票，不能重复投票" : "该成员已由他人代签投票，不能重复投票");
        }
        else if (policy.Basis == BallotBasis.Households && household is not null && earlier.Any(b => Same(b.Household, household)))
        {
            Add("household", "该户已投票，按户表决每户只有一票");
        }
        else if (member is not null && household is not null && !Consistent(earlier, member, household))
        {
            Add("household", "表决人的户号与此前表决票上登记的不一致");
        }

        if (proxy is null)
        {
            if (proxyHousehold is not null)
            {
                Add("proxyHousehold", "填写了代签人户号，未填写代签人");
            }
        }
        else if (!policy.SameHouseholdProxy)
        {
            Add("proxy", $"“{rule.Name}”的书面表决不允许委托代签，表决票应由本人签署");
        }
        else if (Same(proxy, member))
        {
            Add("proxy", "代签人不能是表决人本人");
        }
        else if (proxyHousehold is null)
        {
            Add("proxyHousehold", "委托代签须填写代签人的户号");
        }
        else if (household is not null && !Same(proxyHousehold, household))
        {
            Add("proxyHousehold", "代签人与表决人不在同一户：只能书面委托同一户内具有完全民事行为能力的其他家庭成员代签");
        }
        else if (!Consistent(earlier, proxy, proxyHousehold))
        {
            Add("proxyHousehold", "代签人的户号与此前表决票上登记的不一致");
        }

        return problems;
    }

    /// <summary><see cref="EvaluateWrittenVote(string, WrittenVote)"/> under any rule, e.g. one not in the table.</summary>
    internal static ConsentVerdict EvaluateWrittenVote(ConsentRule rule, WrittenVote vote)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(vote);

        var ballots = vote.Ballots ?? [];
        var problems = rule.WrittenBallot is { } policy ? VoteProblems(rule, policy, vote, ballots) : [NoWrittenVote(rule)];
        if (problems.Count > 0)
        {
            return new(false, false, $"表决记录有误，未予评定：{string.Join("；", problems.Select(p => p.Message))}（{rule.Citation}）", problems);
        }

        var pass = rule.WrittenBallot!.Pass;
        var (unit, all) = Words(vote.Basis);
        var yes = ballots.Count(b => b.Choice == BallotChoice.Yes);
        var proxies = ballots.Count(b => Identifier(b.Proxy) is not null);
        var passed = pass.IsMetBy(yes, vote.Electorate);
        var byProxy = proxies > 0 ? $"（其中委托代签 {proxies} 张）" : "";
        return new(true, passed,
            $"书面表决：应参加 {vote.Electorate} {unit}，收回表决票 {ballots.Count} 张{byProxy}，同意 {yes} 票，"
            + $"{pass.Verb(passed)}{all}的{pass.Share}，{(passed ? "通过" : "未通过")}（{rule.Citation}）",
            []);
    }

    private static List<ConsentProblem> VoteProblems(ConsentRule rule, BallotPolicy policy, WrittenVote vote, IReadOnlyList<Ballot> ballots)
    {
        var problems = new List<ConsentProblem>();
        void Add(string field, string message) => problems.Add(new(field, message));
        var (unit, _) = Words(policy.Basis);

        if (vote.Basis != policy.Basis)
        {
            Add("basis", $"“{rule.Name}”的书面表决按{(policy.Basis == BallotBasis.Households ? "户" : "人")}计票，"
                + $"表决记录按{(vote.Basis == BallotBasis.Households ? "户" : "人")}计票");
        }

        if (vote.Electorate <= 0)
        {
            Add("electorate", $"应参加{unit}数须大于零（{vote.Electorate}）");
        }
        else if (ballots.Count > vote.Electorate)
        {
            Add("ballots", $"收回表决票 {ballots.Count} 张，多于应参加的 {vote.Electorate} {unit}");
        }

        // Each ballot against those before it, as they were recorded one by one.
        for (var i = 0; i < ballots.Count; i++)
        {
            if (ballots[i] is null)
            {
                Add("ballots", $"第 {i + 1} 张表决票为空");
                continue;
            }

            foreach (var problem in CheckBallot(rule, ballots[i], [.. ballots.Take(i)]))
            {
                Add("ballots", $"第 {i + 1} 张表决票：{problem.Message}");
            }
        }

        if (vote.ClosedOn == default)
        {
            Add("closedOn", "未填写表决截止日期");
        }
        else if (vote.NoticeDate is { } notice && notice > vote.ClosedOn)
        {
            Add("noticeDate", $"通知日期 {IsoDate.Format(notice)} 晚于表决截止日期 {IsoDate.Format(vote.ClosedOn)}");
        }
        else if (policy.NoticeDays is { } days)
        {
            // The record gives only the day the vote closed: the notice is counted to it, as to a meeting's day.
            if (vote.NoticeDate is not { } given)
            {
                Add("noticeDate", $"“{rule.Name}”的书面表决应当提前 {days} 天通知，记录未填写通知日期");
            }
            else if (vote.ClosedOn.DayNumber - given.DayNumber < days)
            {
                Add("noticeDate", $"{IsoDate.Format(given)} 通知、{IsoDate.Format(vote.ClosedOn)} 截止，"
                    + $"仅提前 {vote.ClosedOn.DayNumber - given.DayNumber} 天，“{rule.Name}”的书面表决应当提前 {days} 天通知");
            }
        }

        return problems;
    }

    private static ConsentRule Require(string ruleCode, DateOnly? on)
    {
        var rule = Find(ruleCode) ?? throw new ArgumentException($"未知的村民表决规则“{ruleCode}”", nameof(ruleCode));
        return on is { } day ? rule.At(day) : rule;
    }

    private static ConsentProblem NoWrittenVote(ConsentRule rule) =>
        new("body", $"“{rule.Name}”应由{string.Join("或", rule.Bodies.Select(b => b.Name))}开会表决，不能书面表决");

    private static (string Unit, string All) Words(BallotBasis basis) =>
        basis == BallotBasis.Households ? ("户", "全体户") : ("人", "全体成员");

    /// <summary>The identifier trimmed, or null when blank.</summary>
    private static string? Identifier(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool Same(string? a, string? b) =>
        Identifier(a) is { } x && Identifier(b) is { } y && string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the earlier ballots put this person (as a voter or a proxy) in no other household.</summary>
    private static bool Consistent(List<Ballot> earlier, string person, string household) =>
        earlier.All(b => (!Same(b.Member, person) || Identifier(b.Household) is not { } h || Same(h, household))
            && (!Same(b.Proxy, person) || Identifier(b.ProxyHousehold) is not { } p || Same(p, household)));
}
