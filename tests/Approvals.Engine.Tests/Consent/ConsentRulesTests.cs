using Approvals.Engine.Consent;
using Approvals.Engine.Tests.Definitions;

namespace Approvals.Engine.Tests.Consent;

public class ConsentRulesTests
{
    private static readonly DateOnly Meeting = new(2025, 3, 20);
    private static readonly DateOnly TenDaysBefore = new(2025, 3, 10);

    /// <summary>A clean record: notified ten days ahead, everyone present votes, those not voting yes vote no.</summary>
    private static MeetingRecord Record(string body, int electorate, int attendance, int yes,
        int? households = null, int? represented = null, int? committee = null) =>
        new(body, Meeting, TenDaysBefore, electorate, attendance, yes, attendance - yes, 0, households, represented, committee);

    public static TheoryData<string, string, int, int, int, int?, int?, bool, bool> Boundaries => new()
    {
        // rule, body, electorate, attendance, yes, households, households represented, valid, passed

        // 村民会议: quorum 过半数 of adults (strict) or 三分之二以上 of households; pass 过半数 of those present.
        { "villagers-meeting", "villagers-meeting", 300, 150, 150, null, null, false, false },   // exactly half present: no quorum
        { "villagers-meeting", "villagers-meeting", 300, 151, 76, null, null, true, true },      // one more than half; 76 of 151
        { "villagers-meeting", "villagers-meeting", 300, 151, 75, null, null, true, false },     // 75 of 151 is not more than half
        { "villagers-meeting", "villagers-meeting", 300, 200, 100, null, null, true, false },    // exactly half of those present
        { "villagers-meeting", "villagers-meeting", 300, 200, 101, null, null, true, true },     // one more than half
        { "villagers-meeting", "villagers-meeting", 300, 150, 76, 90, 60, true, true },          // households: exactly two thirds
        { "villagers-meeting", "villagers-meeting", 300, 150, 76, 90, 59, false, false },        // households: one less
        { "villagers-meeting", "villagers-meeting", 301, 151, 76, null, null, true, true },      // odd electorate: 151 of 301

        // 村民代表会议: quorum 三分之二以上 of members; pass 过半数 of those present.
        { "villager-representatives-meeting", "villager-representatives-meeting", 30, 20, 11, null, null, true, true },
        { "villager-representatives-meeting", "villager-representatives-meeting", 30, 19, 19, null, null, false, false },
        { "villager-representatives-meeting", "villager-representatives-meeting", 30, 20, 10, null, null, true, false },

        // 村民小组会议: quorum 三分之二以上 of adults or of households; pass 过半数 of those present.
        { "village-group-meeting", "village-group-meeting", 30, 20, 11, null, null, true, true },
        { "village-group-meeting", "village-group-meeting", 30, 19, 19, null, null, false, false },
        { "village-group-meeting", "village-group-meeting", 30, 19, 10, 18, 12, true, true },    // households carry it
        { "village-group-meeting", "village-group-meeting", 30, 19, 10, 18, 11, false, false },
        { "village-group-meeting", "village-group-meeting", 30, 20, 10, null, null, true, false },

        // 承包方案 etc.: 三分之二以上 of ALL the meeting's members or of ALL representatives.
        { "land-contracting-two-thirds", "villagers-meeting", 300, 250, 200, null, null, true, true },   // exactly 2/3 of all
        { "land-contracting-two-thirds", "villagers-meeting", 300, 250, 199, null, null, true, false },  // one less
        { "land-contracting-two-thirds", "villagers-meeting", 300, 151, 151, null, null, true, false },  // all present agree, still short
        { "land-contracting-two-thirds", "villagers-meeting", 300, 150, 150, null, null, false, false }, // the meeting's own quorum
        // (Its representatives' route counts 村民代表 only: ConsentBodiesTests.)

        // 成员大会: quorum 三分之二以上; pass 三分之二以上 of ALL members.
        { "collective-member-assembly", "member-assembly", 300, 200, 200, null, null, true, true },
        { "collective-member-assembly", "member-assembly", 300, 199, 199, null, null, false, false },
        { "collective-member-assembly", "member-assembly", 300, 300, 199, null, null, true, false },
        { "collective-member-assembly", "member-assembly", 300, 300, 200, null, null, true, true },

        // 成员代表大会: no statutory quorum; pass 三分之二以上 of ALL representatives.
        { "collective-representatives-assembly", "representatives-assembly", 30, 20, 20, null, null, true, true },
        { "collective-representatives-assembly", "representatives-assembly", 30, 25, 19, null, null, true, false },
        { "collective-representatives-assembly", "representatives-assembly", 30, 10, 10, null, null, true, false },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Each_rule_decides_at_the_edges_of_its_fractions(string rule, string body, int electorate, int attendance, int yes,
        int? households, int? represented, bool valid, bool passed)
    {
        var verdict = ConsentRules.Evaluate(rule, Record(body, electorate, attendance, yes, households, represented));

        Assert.Empty(verdict.Problems);
        Assert.Equal((valid, passed), (verdict.Valid, verdict.Passed));
        Assert.EndsWith($"（{ConsentRules.Find(rule)!.Citation}）", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_passed_villagers_meeting_is_summarised_with_its_figures_and_citation()
    {
        var verdict = ConsentRules.Evaluate("villagers-meeting", Record("villagers-meeting", 300, 151, 76));

        Assert.Equal("到会 151 人，超过应到 300 人的半数，会议有效；同意 76 票，超过到会人数半数，通过（《村民委员会组织法》第二十二条）",
            verdict.Summary);
    }

    [Fact]
    public void A_meeting_without_quorum_says_so_and_does_not_count_the_vote()
    {
        var verdict = ConsentRules.Evaluate("villagers-meeting", Record("villagers-meeting", 300, 150, 150));

        Assert.Equal("到会 150 人，未超过应到 300 人的半数，会议无效（《村民委员会组织法》第二十二条）", verdict.Summary);
        Assert.False(verdict.Passed);
    }

    [Fact]
    public void A_vote_short_of_two_thirds_of_all_members_says_so()
    {
        var verdict = ConsentRules.Evaluate("land-contracting-two-thirds", Record("villagers-meeting", 300, 200, 100));

        Assert.Contains("到会 200 人，超过应到 300 人的半数，会议有效；同意 100 票，不足全体成员 300 人的三分之二，未通过", verdict.Summary,
            StringComparison.Ordinal);
        Assert.EndsWith("《土地管理法》第六十三条）", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_thirds_of_all_representatives_is_reached_inclusively_and_said_so()
    {
        // 30 members: 6 committee members and 24 representatives, of whom 16 agree (exactly two thirds); 4 committee members agree too.
        var verdict = ConsentRules.Evaluate("land-contracting-two-thirds",
            Record("villager-representatives-meeting", 30, 24, 20, committee: 6) with { RepresentativesYes = 16 });

        Assert.True(verdict.Passed);
        Assert.Contains("到会 24 人，达到应到 30 人的三分之二，会议有效；同意 20 票，其中村民代表 16 票，达到全体村民代表 24 人的三分之二，通过", verdict.Summary,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Quorum_met_on_the_household_basis_but_not_the_villager_basis_makes_the_meeting_valid()
    {
        var verdict = ConsentRules.Evaluate("villagers-meeting", Record("villagers-meeting", 300, 120, 70, households: 90, represented: 60));

        Assert.True(verdict.Valid);
        Assert.True(verdict.Passed);
        Assert.Contains("到会 120 人，未超过应到 300 人的半数；到会户代表 60 户，达到总户数 90 户的三分之二，会议有效；同意 70 票，超过到会人数半数，通过",
            verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Quorum_missed_on_both_bases_names_both()
    {
        var verdict = ConsentRules.Evaluate("villagers-meeting", Record("villagers-meeting", 300, 120, 70, households: 90, represented: 59));

        Assert.False(verdict.Valid);
        Assert.StartsWith("到会 120 人，未超过应到 300 人的半数；到会户代表 59 户，不足总户数 90 户的三分之二，会议无效", verdict.Summary,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_vote_passes_over_those_present_and_fails_over_all_members()
    {
        // 199 of 250 present is well over half of them, but short of two thirds of the 300 members.
        var record = Record("villagers-meeting", 300, 250, 199);

        Assert.True(ConsentRules.Evaluate("villagers-meeting", record).Passed);
        Assert.False(ConsentRules.Evaluate("land-contracting-two-thirds", record).Passed);
    }

    [Fact]
    public void An_assembly_without_a_statutory_quorum_says_the_law_sets_none()
    {
        var verdict = ConsentRules.Evaluate("collective-representatives-assembly", Record("representatives-assembly", 30, 20, 20));

        Assert.Equal("到会 20 人（法律未规定到会人数）；同意 20 票，达到全体成员代表 30 人的三分之二，通过（《农村集体经济组织法》第二十八条）",
            verdict.Summary);
    }

    public static TheoryData<string, MeetingRecord, string> BadRecords => new()
    {
        // rule, record, the field named
        { "villagers-meeting", Record("villagers-meeting", 300, 301, 200), "attendance" },
        { "villagers-meeting", Record("villagers-meeting", 300, 200, 150) with { No = 40, Abstain = 5 }, "yes" },
        { "villagers-meeting", Record("villagers-meeting", -1, 0, 0), "electorate" },
        { "villagers-meeting", Record("villagers-meeting", 0, 0, 0), "electorate" },
        { "villagers-meeting", Record("villagers-meeting", 300, -5, 0) with { No = 0 }, "attendance" },
        { "villagers-meeting", Record("villagers-meeting", 300, 200, -1) with { No = 201 }, "yes" },
        { "villagers-meeting", Record("villagers-meeting", 300, 200, 200) with { No = -1, Abstain = 1 }, "no" },
        { "villagers-meeting", Record("villagers-meeting", 300, 200, 200) with { No = 1, Abstain = -1 }, "abstain" },
        { "villagers-meeting", Record("villagers-meeting", 300, 200, 150) with { NoticeDate = new DateOnly(2025, 3, 11) }, "noticeDate" },
        { "villagers-meeting", Record("villagers-meeting", 300, 200, 150) with { NoticeDate = null }, "noticeDate" },
        { "villager-representatives-meeting", Record("villager-representatives-meeting", 30, 20, 15) with { NoticeDate = new DateOnly(2025, 3, 21) }, "noticeDate" },
        { "collective-member-assembly", Record("member-assembly", 300, 200, 200) with { NoticeDate = new DateOnly(2025, 3, 15) }, "noticeDate" },
        { "villagers-meeting", Record("villager-representatives-meeting", 30, 20, 15), "body" },
        { "land-contracting-two-thirds", Record("member-assembly", 300, 200, 200), "body" },
        { "collective-member-assembly", Record("villagers-meeting", 300, 200, 200), "body" },
        { "villagers-meeting", Record("villagers-meeting", 300, 150, 100, households: 90, represented: 91), "householdsRepresented" },
        { "villagers-meeting", Record("villagers-meeting", 300, 150, 100, households: 90), "householdsRepresented" },
        { "village-group-meeting", Record("village-group-meeting", 30, 15, 10, represented: 12), "households" },
        { "village-group-meeting", Record("village-group-meeting", 30, 15, 10, households: 0, represented: 0), "households" },
        { "villager-representatives-meeting", Record("villager-representatives-meeting", 30, 20, 15, committee: 7), "committeeMembers" },
        { "land-contracting-two-thirds", Record("villager-representatives-meeting", 30, 20, 20, committee: 31), "committeeMembers" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void A_bad_record_is_not_evaluated_and_names_the_field(string rule, MeetingRecord record, string field)
    {
        var verdict = ConsentRules.Evaluate(rule, record);

        Assert.Contains(verdict.Problems, p => p.Field == field);
        Assert.False(verdict.Valid);
        Assert.False(verdict.Passed);
        Assert.StartsWith("表决记录有误，未予评定：", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_record_is_reported_at_once()
    {
        var record = new MeetingRecord("villagers-meeting", Meeting, null, 300, 320, 100, 100, 100);

        var fields = ConsentRules.Evaluate("villagers-meeting", record).Problems.Select(p => p.Field).Order(StringComparer.Ordinal);

        Assert.Equal(["attendance", "noticeDate", "yes"], fields);
    }

    [Fact]
    public void Notice_exactly_ten_days_ahead_is_enough_and_nine_is_not()
    {
        var ten = Record("villagers-meeting", 300, 200, 150);
        var nine = ten with { NoticeDate = ten.NoticeDate!.Value.AddDays(1) };

        Assert.Empty(ConsentRules.Evaluate("villagers-meeting", ten).Problems);
        var problem = Assert.Single(ConsentRules.Evaluate("villagers-meeting", nine).Problems);
        Assert.Equal(new ConsentProblem("noticeDate", "2025-03-11 通知、2025-03-20 开会，仅提前 9 天，村民会议应当提前 10 天通知"), problem);
    }

    [Fact]
    public void Bodies_the_law_asks_no_notice_of_need_no_notice_date()
    {
        Assert.Empty(ConsentRules.Evaluate("villager-representatives-meeting",
            Record("villager-representatives-meeting", 30, 20, 15) with { NoticeDate = null }).Problems);
        Assert.Empty(ConsentRules.Evaluate("collective-representatives-assembly",
            Record("representatives-assembly", 30, 20, 15) with { NoticeDate = null }).Problems);
    }

    [Fact]
    public void Representatives_must_be_at_least_four_fifths_of_the_meeting()
    {
        // 30 members: 6 committee members leaves 24 representatives, exactly four fifths; 7 leaves 23.
        Assert.Empty(ConsentRules.Evaluate("villager-representatives-meeting",
            Record("villager-representatives-meeting", 30, 20, 15, committee: 6)).Problems);
        var problem = Assert.Single(ConsentRules.Evaluate("villager-representatives-meeting",
            Record("villager-representatives-meeting", 30, 20, 15, committee: 7)).Problems);
        Assert.Equal("村民代表 23 人（村委会成员 7 人），不足组成人员 30 人的五分之四，村民代表会议组成不合法", problem.Message);
    }

    [Fact]
    public void A_body_the_rule_does_not_allow_is_named_with_the_bodies_it_does()
    {
        var problem = Assert.Single(ConsentRules.Evaluate("land-contracting-two-thirds", Record("member-assembly", 300, 200, 200)).Problems);

        Assert.Equal(new ConsentProblem("body",
            "“村民会议三分之二以上成员或者三分之二以上村民代表同意”应由村民会议或村民代表会议表决，不能由“member-assembly”表决"), problem);
    }

    [Fact]
    public void Figures_a_body_does_not_use_are_ignored()
    {
        var verdict = ConsentRules.Evaluate("villager-representatives-meeting",
            Record("villager-representatives-meeting", 30, 20, 15, households: 10, represented: 99));

        Assert.Empty(verdict.Problems);
        Assert.True(verdict.Passed);
    }

    [Fact]
    public void The_table_holds_exactly_the_catalogue_rules_with_their_names_and_citations()
    {
        Assert.Equal(
            Workflows.Catalogue.ConsentRules.Select(r => (r.Code, r.Name, r.Citation)),
            ConsentRules.All.Select(r => (r.Code, r.Name, r.Citation)));
    }

    [Fact]
    public void An_unknown_rule_is_not_found_and_cannot_be_evaluated()
    {
        Assert.Null(ConsentRules.Find("show-of-hands"));
        Assert.Throws<ArgumentException>(() => ConsentRules.Evaluate("show-of-hands", Record("villagers-meeting", 300, 200, 150)));
    }

    [Fact]
    public void Thresholds_compare_in_integers_without_overflow_or_rounding()
    {
        Assert.True(Threshold.TwoThirdsOrMore.IsMetBy(2, 3));
        Assert.False(Threshold.TwoThirdsOrMore.IsMetBy(1999, 3000));
        Assert.True(Threshold.TwoThirdsOrMore.IsMetBy(2000, 3000));
        Assert.False(Threshold.MoreThanHalf.IsMetBy(1, 2));
        Assert.True(Threshold.TwoThirdsOrMore.IsMetBy(int.MaxValue, int.MaxValue));
        Assert.True(Threshold.MoreThanHalf.IsMetBy(1 << 30, int.MaxValue));
        Assert.False(Threshold.MoreThanHalf.IsMetBy(0, 0));
    }

    [Theory]
    [InlineData(1, 2, true, "过半数", "半数")]
    [InlineData(2, 3, false, "三分之二以上", "三分之二")]
    [InlineData(4, 5, false, "五分之四以上", "五分之四")]
    public void Thresholds_speak_the_statute_terms(int numerator, int denominator, bool strict, string term, string share)
    {
        var threshold = new Threshold(numerator, denominator, strict);

        Assert.Equal((term, share), (threshold.Term, threshold.Share));
    }
}
