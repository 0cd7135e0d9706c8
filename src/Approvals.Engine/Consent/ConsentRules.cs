using Approvals.Engine.Calendar;
using static Approvals.Engine.Consent.Threshold;

namespace Approvals.Engine.Consent;

/// <summary>
/// A village meeting's vote as its committee recorded it. Counts are of people (or households) and votes; the
/// optional figures are needed only by the bodies whose rule uses them.
/// </summary>
/// <param name="Body">Who met: villagers-meeting, villager-representatives-meeting, village-group-meeting,
/// member-assembly or representatives-assembly (see <see cref="ConsentBody.Code"/>).</param>
/// <param name="MeetingDate">The day of the meeting.</param>
/// <param name="NoticeDate">The day villagers were notified; required where the law asks for notice.</param>
/// <param name="Electorate">应到: all the body's members — adult villagers (18+) of the village or group, members of
/// the collective with full civil capacity, or all members (组成人员) of a representatives' meeting.</param>
/// <param name="Attendance">到会: members present; each of them votes once.</param>
/// <param name="Yes">同意 votes.</param>
/// <param name="No">反对 votes.</param>
/// <param name="Abstain">弃权 votes (including blank or spoilt ballots); yes + no + abstain = attendance.</param>
/// <param name="Households">总户数: all households, for the household-basis quorum (户的代表) of a villagers' or
/// village group meeting; give it with <paramref name="HouseholdsRepresented"/> or not at all.</param>
/// <param name="HouseholdsRepresented">到会户数: households whose representative attended.</param>
/// <param name="CommitteeMembers">For a villager representatives' meeting: how many of its members are village
/// committee members rather than representatives; when given, representatives must be 五分之四以上 of members.</param>
/// <param name="RepresentativesYes">For a villager representatives' meeting under a rule that counts 村民代表 only
/// (<see cref="PassBasis.Representatives"/>): how many of the yes votes are representatives', the rest being committee
/// members'.</param>
public sealed record MeetingRecord(
    string Body,
    DateOnly MeetingDate,
    DateOnly? NoticeDate,
    int Electorate,
    int Attendance,
    int Yes,
    int No,
    int Abstain,
    int? Households = null,
    int? HouseholdsRepresented = null,
    int? CommitteeMembers = null,
    int? RepresentativesYes = null);

/// <summary>A fault in a meeting record, naming the record's JSON field (camelCase).</summary>
public sealed record ConsentProblem(string Field, string Message);

/// <summary>
/// The legal evaluation of a vote. With problems, the record was not evaluated: <see cref="Valid"/> and
/// <see cref="Passed"/> are false and the API answers 422 with the problems.
/// </summary>
/// <param name="Valid">The meeting reached its quorum (会议有效) and the record has no problems.</param>
/// <param name="Passed">The proposal was carried under the rule (通过); never true for an invalid meeting.</param>
/// <param name="Summary">The evaluation in Chinese, with the figures and the rule's citation.</param>
public sealed record ConsentVerdict(bool Valid, bool Passed, string Summary, IReadOnlyList<ConsentProblem> Problems);

/// <summary>
/// The consent rules of the catalogue (<c>workflows/catalogue.json</c>, "consentRules") and the evaluation of a
/// meeting under them. Pure: integer arithmetic over the record, no I/O. Sources: DOMAIN.md §1.
/// </summary>
public static partial class ConsentRules
{
    // 村委会组织法 Art 21-22: quorum 过半数 of adult villagers or 三分之二以上 of households' representatives; 10 days' notice.
    private static ConsentBody VillagersMeeting(PassBasis basis, Threshold pass) => new(
        "villagers-meeting", "村民会议",
        [new(QuorumBasis.Members, MoreThanHalf), new(QuorumBasis.Households, TwoThirdsOrMore)],
        basis, pass, "全体成员", NoticeDays: 10);

    // Art 25-26: quorum 三分之二以上 of its members; representatives at least 五分之四 of members.
    private static ConsentBody RepresentativesMeeting(PassBasis basis, Threshold pass) => new(
        "villager-representatives-meeting", "村民代表会议",
        [new(QuorumBasis.Members, TwoThirdsOrMore)],
        basis, pass, basis == PassBasis.Representatives ? "全体村民代表" : "全体组成人员", RepresentativesShare: FourFifthsOrMore);

    // 集体经济组织法 Art 27: notice 10 days before; quorum 三分之二以上 of members with full civil capacity; 三分之二以上 of ALL members.
    private static ConsentBody MemberAssembly() => new(
        "member-assembly", "成员大会", [new(QuorumBasis.Members, TwoThirdsOrMore)], PassBasis.AllMembers, TwoThirdsOrMore, "全体成员", NoticeDays: 10);

    // 承包法 Art 19/28/52, 土地管理法 Art 63: 三分之二以上 of the villagers' meeting's members, or of the village
    // representatives — counted over all of them, not only those present, and of a representatives' meeting the
    // 村民代表 only, not the committee members who sit with them; each meeting keeps its own quorum.
    private static IReadOnlyList<ConsentBody> LandContractingBodies() =>
        [VillagersMeeting(PassBasis.AllMembers, TwoThirdsOrMore), RepresentativesMeeting(PassBasis.Representatives, TwoThirdsOrMore)];

    // Written vote of the land-contracting rules: PRACTICE, not statute. The articles ask the consent (同意) of two thirds
    // of all the members (or of all the representatives) and say nothing of how it is gathered; in practice it is
    // gathered by each person's signature. One ballot per person (the articles count 成员 / 村民代表, not households); no
    // proxy and no notice period, since no law provides either. The electorate is the village's registered adults.
    private static BallotPolicy SignedConsent() => new(BallotBasis.Persons, TwoThirdsOrMore, SameHouseholdProxy: false, NoticeDays: null,
        "实践做法，非法律规定：《农村土地承包法》第十九条、第二十八条、第五十二条和《土地管理法》第六十三条只要求"
        + "村民会议三分之二以上成员或者三分之二以上村民代表同意，未规定表决方式；实践中以本人逐一签字的书面意见征集同意。"
        + "法律未规定委托代签，也未规定通知期限", RegisteredVillagers: true);

    // The assembly's one-person-one-vote (一人一票) ballots in writing; a member may give a written proxy (书面委托) to
    // another fully capable member of the same household (同一户内…其他家庭成员); the ten days' notice is counted to the
    // day the vote closes.
    private static BallotPolicy AssemblyBallots() => new(BallotBasis.Persons, TwoThirdsOrMore, SameHouseholdProxy: true, NoticeDays: 10,
        "《农村集体经济组织法》第二十七条：成员大会实行一人一票，须经全体成员三分之二以上同意；会议召开十日前通知全体成员；"
        + "成员可以书面委托同一户内具有完全民事行为能力的其他家庭成员代为参加");

    /// <summary>The day the 农村集体经济组织法 came into force (第六十七条): the collective's 成员大会 decides its matters from then on.</summary>
    public static readonly DateOnly CollectiveLawInForce = new(2025, 5, 1);

    private const string ReservedToAssembly =
        "属《农村集体经济组织法》第二十六条第一款第八项的事项（土地承包、宅基地使用和集体经营性资产收益权份额量化方案），"
        + "依第二十八条只能由成员大会决定";

    /// <summary>The rules, in the catalogue's order.</summary>
    /// <remarks>
    /// Written votes (书面表决, <see cref="ConsentRule.WrittenBallot"/>), per DOMAIN.md §1: only the two rules whose
    /// threshold is counted over ALL who may vote allow one, because there a ballot collected from each voter counts
    /// exactly as a vote at the meeting would (the yes ballots must reach the share of the whole electorate, so the
    /// meeting's quorum is reached whenever the vote passes). The rules that count those present at a meeting
    /// (村民会议, 村民代表会议, 村民小组会议 — 村委会组织法 Art 22, 26, 28) have no written vote: national law provides
    /// none (Zhejiang's 实施办法 allows villagers' written votes only to authorise the representatives' meeting, a
    /// local rule). The 成员代表大会 (集体经济组织法 Art 28) votes in its meeting and the law gives its representatives
    /// no proxy. No rule counts one ballot per household: 户的代表 (村委会组织法 Art 22, 28) only make a meeting's
    /// quorum, and every two-thirds rule counts persons (成员, 村民代表), so <see cref="BallotBasis.Households"/> is
    /// used by none of them.
    /// </remarks>
    public static IReadOnlyList<ConsentRule> All { get; } =
    [
        new("villagers-meeting", "村民会议", "《村民委员会组织法》第二十二条",
            [VillagersMeeting(PassBasis.Present, MoreThanHalf)]),

        new("villager-representatives-meeting", "村民代表会议", "《村民委员会组织法》第二十六条",
            [RepresentativesMeeting(PassBasis.Present, MoreThanHalf)]),

        // Art 28: quorum 三分之二以上 of the group's adult villagers or of its households; 过半数 of those present.
        new("village-group-meeting", "村民小组会议", "《村民委员会组织法》第二十八条",
        [
            new("village-group-meeting", "村民小组会议",
                [new(QuorumBasis.Members, TwoThirdsOrMore), new(QuorumBasis.Households, TwoThirdsOrMore)],
                PassBasis.Present, MoreThanHalf, "全体成员"),
        ]),

        new("land-contracting-two-thirds", "村民会议三分之二以上成员或者三分之二以上村民代表同意",
            "《农村土地承包法》第十九条、第二十八条、第五十二条；《土地管理法》第六十三条",
            LandContractingBodies(), SignedConsent())
        {
            Reserved = new Dictionary<string, string> { ["representatives-assembly"] = $"成员代表大会不得决定土地承包方案：{ReservedToAssembly}" },
        },

        new("collective-member-assembly", "农村集体经济组织成员大会", "《农村集体经济组织法》第二十七条", [MemberAssembly()], AssemblyBallots()),

        // Art 28: 三分之二以上 of ALL representatives; the law sets no quorum or notice (the charter may).
        new("collective-representatives-assembly", "农村集体经济组织成员代表大会", "《农村集体经济组织法》第二十八条",
        [
            new("representatives-assembly", "成员代表大会", [],
                PassBasis.AllMembers, TwoThirdsOrMore, "全体成员代表"),
        ]),

        // Homestead use and village relocation plans (宅基地使用方案, 搬迁撤并). Since 2025-05-01 the collective's 成员大会
        // decides them (集体经济组织法 Art 26(1)8, Art 27: two thirds of ALL members), and where no collective economic
        // organisation is set up the village committee convenes the villagers in its place under the same law (Art 64);
        // neither representatives' body may (Art 28). Before that day the 村民会议 decided (村委会组织法 Art 24(1)6,
        // counted under Art 22), or the 村民代表会议 it had authorised (Art 24, last paragraph; Art 26).
        new("homestead-relocation-plan", "宅基地使用及村庄搬迁撤并方案由成员大会决定",
            "《农村集体经济组织法》第二十六条第一款第八项、第二十七条、第二十八条、第六十四条",
            [MemberAssembly(), VillagersMeeting(PassBasis.AllMembers, TwoThirdsOrMore) with { Quorum = [new(QuorumBasis.Members, TwoThirdsOrMore)] }],
            AssemblyBallots())
        {
            Reserved = new Dictionary<string, string>
            {
                ["representatives-assembly"] = $"成员代表大会不得决定宅基地使用及村庄搬迁撤并方案：{ReservedToAssembly}",
                ["villager-representatives-meeting"] = $"村民代表会议不得决定宅基地使用及村庄搬迁撤并方案：{ReservedToAssembly}（未设立集体经济组织的由村民会议依第六十四条决定）",
            },
            Earlier = new(CollectiveLawInForce, new("homestead-relocation-plan", "宅基地使用方案由村民会议讨论决定",
                "《村民委员会组织法》第二十二条、第二十四条第一款第六项、第二十六条",
                [VillagersMeeting(PassBasis.Present, MoreThanHalf), RepresentativesMeeting(PassBasis.Present, MoreThanHalf)])),
        },

        // 宁夏 三.(八): the plan is agreed by the collective economic organisation or the villagers' committee. The plan
        // reworks contracted land, so two thirds count, by the body that agrees: the collective's 成员大会 (集体经济组织法
        // Art 27, from 2025-05-01) or the villagers through the committee (承包法 Art 28: 村民会议 or 村民代表会议).
        new("collective-or-committee-consent", "经农村集体经济组织或村民委员会同意",
            "宁夏 三.(八)；《农村集体经济组织法》第二十七条；《农村土地承包法》第二十八条",
            [MemberAssembly(), .. LandContractingBodies()], SignedConsent())
        {
            Reserved = new Dictionary<string, string> { ["representatives-assembly"] = $"成员代表大会不得决定调整承包地的实施方案：{ReservedToAssembly}" },
            Earlier = new(CollectiveLawInForce, new("collective-or-committee-consent", "经农村集体经济组织或村民委员会同意",
                "宁夏 三.(八)；《农村土地承包法》第二十八条", LandContractingBodies(), SignedConsent())),
        },
    ];

    /// <summary>The rule with this catalogue code, or null.</summary>
    public static ConsentRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);

    /// <summary>The body a closed written vote's record names as having decided.</summary>
    public const string WrittenBallotBody = "written-ballot";

    /// <summary>
    /// Who decided, as the law names the body (村民会议, 村民代表会议, 成员大会 …), under the rule in force on the day; a
    /// written vote by the members who signed (村民会议 members, whom the project registers, or the collective's 成员大会).
    /// </summary>
    public static string BodyName(string ruleCode, string bodyCode, DateOnly on)
    {
        var rule = Find(ruleCode)?.At(on);
        if (bodyCode == WrittenBallotBody)
        {
            return rule?.WrittenBallot is { } policy ? $"{(policy.RegisteredVillagers ? "村民会议" : "成员大会")}书面表决" : "书面表决";
        }

        return rule?.BodyFor(bodyCode)?.Name
            ?? All.SelectMany(r => r.Bodies).FirstOrDefault(b => b.Code == bodyCode)?.Name
            ?? bodyCode;
    }

    /// <summary>Evaluates a meeting's vote under the rule: first the record, then the quorum, then the vote.</summary>
    /// <exception cref="ArgumentException">The rule code is not one of <see cref="All"/>.</exception>
    public static ConsentVerdict Evaluate(string ruleCode, MeetingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rule = (Find(ruleCode) ?? throw new ArgumentException($"未知的村民表决规则“{ruleCode}”", nameof(ruleCode))).At(record.MeetingDate);
        var body = rule.BodyFor(record.Body);

        var problems = Problems(rule, body, record);
        if (problems.Count > 0)
        {
            return new(false, false, $"表决记录有误，未予评定：{string.Join("；", problems.Select(p => p.Message))}（{rule.Citation}）", problems);
        }

        var (valid, quorum) = Quorum(body!, record);
        if (!valid)
        {
            return new(false, false, $"{quorum}，会议无效（{rule.Citation}）", []);
        }

        var (passed, vote) = Vote(body!, record);
        var separator = body!.Quorum.Count == 0 ? "；" : "，会议有效；";
        return new(true, passed, $"{quorum}{separator}{vote}（{rule.Citation}）", []);
    }

    private static (bool Met, string Text) Quorum(ConsentBody body, MeetingRecord record)
    {
        if (body.Quorum.Count == 0)
        {
            return (true, $"到会 {record.Attendance} 人（法律未规定到会人数）");
        }

        var parts = new List<string>();
        foreach (var option in body.Quorum)
        {
            var threshold = option.Threshold;
            bool met;
            if (option.Basis == QuorumBasis.Members)
            {
                met = threshold.IsMetBy(record.Attendance, record.Electorate);
                parts.Add($"到会 {record.Attendance} 人，{threshold.Verb(met)}应到 {record.Electorate} 人的{threshold.Share}");
            }
            else if (record is { Households: { } households, HouseholdsRepresented: { } represented })
            {
                met = threshold.IsMetBy(represented, households);
                parts.Add($"到会户代表 {represented} 户，{threshold.Verb(met)}总户数 {households} 户的{threshold.Share}");
            }
            else
            {
                continue; // no household figures: the household basis was not used
            }

            if (met)
            {
                // The basis that carried it, after any that did not.
                return (true, string.Join("；", parts));
            }
        }

        return (false, string.Join("；", parts));
    }

    private static (bool Passed, string Text) Vote(ConsentBody body, MeetingRecord record)
    {
        if (body.PassBasis == PassBasis.Representatives)
        {
            // Problems() made sure both figures are there.
            var representatives = record.Electorate - record.CommitteeMembers!.Value;
            var yes = record.RepresentativesYes!.Value;
            var carried = body.Pass.IsMetBy(yes, representatives);
            return (carried, $"同意 {record.Yes} 票，其中村民代表 {yes} 票，{body.Pass.Verb(carried)}{body.MembersLabel} {representatives} 人的{body.Pass.Share}，"
                + $"{(carried ? "通过" : "未通过")}");
        }

        var total = body.PassBasis == PassBasis.Present ? record.Attendance : record.Electorate;
        var passed = body.Pass.IsMetBy(record.Yes, total);
        var against = body.PassBasis == PassBasis.Present
            ? $"到会人数{body.Pass.Share}"
            : $"{body.MembersLabel} {total} 人的{body.Pass.Share}";
        return (passed, $"同意 {record.Yes} 票，{body.Pass.Verb(passed)}{against}，{(passed ? "通过" : "未通过")}");
    }

    private static List<ConsentProblem> Problems(ConsentRule rule, ConsentBody? body, MeetingRecord r)
    {
        var problems = new List<ConsentProblem>();
        void Add(string field, string message) => problems.Add(new(field, message));

        if (body is null)
        {
            Add("body", rule.Reserved.TryGetValue(r.Body, out var reserved)
                ? reserved
                : $"“{rule.Name}”应由{string.Join("或", rule.Bodies.Select(b => b.Name))}表决，不能由“{r.Body}”表决");
        }

        var counts = new (string Field, string Label, int Value)[]
        {
            ("electorate", "应到人数", r.Electorate), ("attendance", "到会人数", r.Attendance),
            ("yes", "同意票", r.Yes), ("no", "反对票", r.No), ("abstain", "弃权票", r.Abstain),
        };
        foreach (var (field, label, value) in counts.Where(c => c.Value < 0))
        {
            Add(field, $"{label}不能为负数（{value}）");
        }

        if (counts.All(c => c.Value >= 0))
        {
            if (r.Electorate == 0)
            {
                Add("electorate", "应到人数须大于零");
            }
            else if (r.Attendance > r.Electorate)
            {
                Add("attendance", $"到会 {r.Attendance} 人，多于应到 {r.Electorate} 人");
            }

            if ((long)r.Yes + r.No + r.Abstain != r.Attendance)
            {
                Add("yes", $"同意 {r.Yes} + 反对 {r.No} + 弃权 {r.Abstain} = {(long)r.Yes + r.No + r.Abstain} 票，与到会 {r.Attendance} 人不符");
            }
        }

        if (r.NoticeDate is { } notice && notice > r.MeetingDate)
        {
            Add("noticeDate", $"通知日期 {IsoDate.Format(notice)} 晚于会议日期 {IsoDate.Format(r.MeetingDate)}");
        }

        if (body is null)
        {
            return problems;
        }

        if (body.NoticeDays is { } days)
        {
            if (r.NoticeDate is not { } given)
            {
                Add("noticeDate", $"{body.Name}应当提前 {days} 天通知，记录未填写通知日期");
            }
            else if (given <= r.MeetingDate && r.MeetingDate.DayNumber - given.DayNumber < days)
            {
                Add("noticeDate", $"{IsoDate.Format(given)} 通知、{IsoDate.Format(r.MeetingDate)} 开会，仅提前 {r.MeetingDate.DayNumber - given.DayNumber} 天，"
                    + $"{body.Name}应当提前 {days} 天通知");
            }
        }

        if (body.Quorum.Any(q => q.Basis == QuorumBasis.Households))
        {
            HouseholdProblems(r, Add);
        }

        if (body.PassBasis == PassBasis.Representatives)
        {
            RepresentativesProblems(body, r, Add);
        }

        if (body.RepresentativesShare is { } share && r.CommitteeMembers is { } committee)
        {
            if (committee < 0)
            {
                Add("committeeMembers", $"村委会成员人数不能为负数（{committee}）");
            }
            else if (r.Electorate > 0 && committee > r.Electorate)
            {
                Add("committeeMembers", $"村委会成员 {committee} 人，多于组成人员 {r.Electorate} 人");
            }
            else if (r.Electorate > 0 && !share.IsMetBy(r.Electorate - committee, r.Electorate))
            {
                Add("committeeMembers", $"村民代表 {r.Electorate - committee} 人（村委会成员 {committee} 人），"
                    + $"不足组成人员 {r.Electorate} 人的{share.Share}，{body.Name}组成不合法");
            }
        }

        return problems;
    }

    /// <summary>A rule that counts 村民代表 only needs to know how many members and how many yes votes are representatives'.</summary>
    private static void RepresentativesProblems(ConsentBody body, MeetingRecord r, Action<string, string> add)
    {
        if (r.CommitteeMembers is null)
        {
            add("committeeMembers", $"{body.Name}按村民代表计票，须填写组成人员中村民委员会成员的人数");
        }

        if (r.RepresentativesYes is not { } yes)
        {
            add("representativesYes", $"{body.Name}按村民代表计票，须填写同意票中村民代表的票数（不含村民委员会成员）");
            return;
        }

        if (yes < 0)
        {
            add("representativesYes", $"村民代表同意票不能为负数（{yes}）");
        }
        else if (yes > r.Yes)
        {
            add("representativesYes", $"村民代表同意 {yes} 票，多于同意票总数 {r.Yes} 票");
        }
        else if (r.CommitteeMembers is { } committee and >= 0)
        {
            if (yes > r.Electorate - committee)
            {
                add("representativesYes", $"村民代表同意 {yes} 票，多于村民代表 {r.Electorate - committee} 人");
            }
            else if (r.Yes - yes > committee)
            {
                add("representativesYes", $"村民委员会成员同意 {r.Yes - yes} 票，多于村民委员会成员 {committee} 人");
            }
        }
    }

    private static void HouseholdProblems(MeetingRecord r, Action<string, string> add)
    {
        switch (r.Households, r.HouseholdsRepresented)
        {
            case (null, null):
                return; // the household basis is not used
            case (null, _):
                add("households", "填写了到会户数，须同时填写总户数");
                return;
            case (_, null):
                add("householdsRepresented", "填写了总户数，须同时填写到会户数");
                return;
            case ({ } households, { } represented):
                if (households <= 0)
                {
                    add("households", $"总户数须大于零（{households}）");
                }

                if (represented < 0)
                {
                    add("householdsRepresented", $"到会户数不能为负数（{represented}）");
                }
                else if (households > 0 && represented > households)
                {
                    add("householdsRepresented", $"到会户代表 {represented} 户，多于总户数 {households} 户");
                }

                return;
        }
    }
}
