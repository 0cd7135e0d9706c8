using Approvals.Engine.Consent;

namespace Approvals.Engine.Tests.Consent;

public class WrittenVoteTests
{
    private const string Assembly = "collective-member-assembly";
    private const string LandContracting = "land-contracting-two-thirds";
    private static readonly DateOnly ClosedOn = new(2025, 6, 20);
    private static readonly DateOnly TenDaysBefore = new(2025, 6, 10);

    /// <summary>A synthetic rule counting one ballot per household, with same-household proxies: no catalogue rule does.</summary>
    private static readonly ConsentRule PerHousehold = new("per-household", "按户表决", "（测试规则）", [],
        new BallotPolicy(BallotBasis.Households, Threshold.MoreThanHalf, SameHouseholdProxy: true, NoticeDays: null, "测试"));

    /// <summary>Ballots from distinct members, each of their own household: yes first, then no, then abstain.</summary>
    private static List<Ballot> Ballots(int yes, int no = 0, int abstain = 0) =>
    [
        .. Enumerable.Range(0, yes + no + abstain).Select(i => new Ballot(
            $"M{i:D4}", $"H{i:D4}", i < yes ? BallotChoice.Yes : i < yes + no ? BallotChoice.No : BallotChoice.Abstain)),
    ];

    private static WrittenVote Vote(int electorate, List<Ballot> ballots, BallotBasis basis = BallotBasis.Persons) =>
        new(basis, TenDaysBefore, ClosedOn, electorate, ballots);

    [Theory]
    [InlineData(Assembly, 200, true)]
    [InlineData(Assembly, 199, false)]
    [InlineData(LandContracting, 200, true)]
    [InlineData(LandContracting, 199, false)]
    public void A_written_vote_passes_at_exactly_two_thirds_of_all_members_and_fails_one_below(string rule, int yes, bool passed)
    {
        // 250 of 300 return a ballot: the rest vote no, so the share is of the 300, not of the 250.
        var verdict = ConsentRules.EvaluateWrittenVote(rule, Vote(300, Ballots(yes, no: 250 - yes)));

        Assert.Empty(verdict.Problems);
        Assert.True(verdict.Valid);
        Assert.Equal(passed, verdict.Passed);
    }

    [Fact]
    public void All_who_return_a_ballot_agreeing_is_not_enough_without_two_thirds_of_all_members()
    {
        var verdict = ConsentRules.EvaluateWrittenVote(Assembly, Vote(300, Ballots(199)));

        Assert.False(verdict.Passed);
        Assert.Equal("书面表决：应参加 300 人，收回表决票 199 张，同意 199 票，不足全体成员的三分之二，未通过（《农村集体经济组织法》第二十七条）",
            verdict.Summary);
    }

    [Fact]
    public void A_passed_written_vote_is_summarised_with_its_figures_proxies_and_citation()
    {
        // 250 ballots, four of them signed by a member of the voter's own household.
        var ballots = Ballots(210, no: 30, abstain: 10);
        for (var i = 0; i < 4; i++)
        {
            ballots[i] = ballots[i] with { Proxy = $"P{i}", ProxyHousehold = ballots[i].Household };
        }

        var verdict = ConsentRules.EvaluateWrittenVote(Assembly, Vote(300, ballots));

        Assert.Equal("书面表决：应参加 300 人，收回表决票 250 张（其中委托代签 4 张），同意 210 票，达到全体成员的三分之二，通过（《农村集体经济组织法》第二十七条）",
            verdict.Summary);
        Assert.True(verdict.Passed);
    }

    [Fact]
    public void A_land_contracting_written_vote_cites_the_rule()
    {
        var verdict = ConsentRules.EvaluateWrittenVote(LandContracting, Vote(300, Ballots(210, no: 40)) with { NoticeDate = null });

        Assert.Equal("书面表决：应参加 300 人，收回表决票 250 张，同意 210 票，达到全体成员的三分之二，通过"
            + "（《农村土地承包法》第十九条、第二十八条、第五十二条；《土地管理法》第六十三条）", verdict.Summary);
    }

    [Fact]
    public void A_second_ballot_from_the_same_member_is_refused()
    {
        var cast = new[] { new Ballot("M1", "H1", BallotChoice.Yes) };

        var problem = Assert.Single(ConsentRules.CheckBallot(Assembly, new Ballot("M1", "H1", BallotChoice.No), cast));

        Assert.Equal(new ConsentProblem("member", "该成员已投票，不能重复投票"), problem);
    }

    [Fact]
    public void A_member_identifier_is_the_same_whatever_its_spacing_or_the_case_of_an_id_numbers_check_letter()
    {
        var cast = new[] { new Ballot("33042119800101123X", "H1", BallotChoice.Yes) };

        var problem = Assert.Single(ConsentRules.CheckBallot(LandContracting, new Ballot(" 33042119800101123x ", "H1", BallotChoice.No), cast));

        Assert.Equal("member", problem.Field);
    }

    [Fact]
    public void A_member_whose_ballot_a_household_member_signed_cannot_vote_again_in_person()
    {
        var cast = new[] { new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "M2", ProxyHousehold: "H1") };

        var problem = Assert.Single(ConsentRules.CheckBallot(Assembly, new Ballot("M1", "H1", BallotChoice.No), cast));

        Assert.Equal(new ConsentProblem("member", "该成员已由他人代签投票，不能重复投票"), problem);
    }

    [Fact]
    public void A_member_who_signed_for_a_household_member_still_casts_their_own_ballot()
    {
        var cast = new[] { new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "M2", ProxyHousehold: "H1") };

        Assert.Empty(ConsentRules.CheckBallot(Assembly, new Ballot("M2", "H1", BallotChoice.Yes), cast));
    }

    [Fact]
    public void A_proxy_from_the_same_household_is_accepted_for_the_member_assembly()
    {
        Assert.Empty(ConsentRules.CheckBallot(Assembly, new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "M2", ProxyHousehold: "H1"), []));
    }

    [Fact]
    public void A_proxy_from_another_household_is_refused()
    {
        var problem = Assert.Single(ConsentRules.CheckBallot(Assembly,
            new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "M9", ProxyHousehold: "H9"), []));

        Assert.Equal("proxyHousehold", problem.Field);
        Assert.Contains("不在同一户", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_who_claims_a_household_other_than_the_one_on_their_own_ballot_is_refused()
    {
        var cast = new[] { new Ballot("M9", "H9", BallotChoice.Yes) };

        var problem = Assert.Single(ConsentRules.CheckBallot(Assembly,
            new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "M9", ProxyHousehold: "H1"), cast));

        Assert.Equal(new ConsentProblem("proxyHousehold", "代签人的户号与此前表决票上登记的不一致"), problem);
    }

    [Fact]
    public void A_proxy_under_a_rule_without_proxies_is_refused()
    {
        var problem = Assert.Single(ConsentRules.CheckBallot(LandContracting,
            new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "M2", ProxyHousehold: "H1"), []));

        Assert.Equal(new ConsentProblem("proxy", "“村民会议三分之二以上成员或者三分之二以上村民代表同意”的书面表决不允许委托代签，表决票应由本人签署"),
            problem);
    }

    [Fact]
    public void A_proxy_who_is_the_member_themself_is_refused()
    {
        var problem = Assert.Single(ConsentRules.CheckBallot(Assembly,
            new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "m1", ProxyHousehold: "H1"), []));

        Assert.Equal(new ConsentProblem("proxy", "代签人不能是表决人本人"), problem);
    }

    public static TheoryData<Ballot, string> BadBallots => new()
    {
        { new Ballot("", "H1", BallotChoice.Yes), "member" },
        { new Ballot("  ", "H1", BallotChoice.Yes), "member" },
        { new Ballot("M1", "", BallotChoice.Yes), "household" },
        { new Ballot("M1", "H1", (BallotChoice)7), "choice" },
        { new Ballot("M1", "H1", BallotChoice.Yes, Proxy: "M2"), "proxyHousehold" },
        { new Ballot("M1", "H1", BallotChoice.Yes, ProxyHousehold: "H1"), "proxyHousehold" },
    };

    [Theory]
    [MemberData(nameof(BadBallots))]
    public void A_ballot_with_an_empty_identifier_or_an_unknown_choice_names_the_field(Ballot ballot, string field)
    {
        var problem = Assert.Single(ConsentRules.CheckBallot(Assembly, ballot, []));

        Assert.Equal(field, problem.Field);
    }

    [Fact]
    public void A_blank_proxy_is_no_proxy()
    {
        Assert.Empty(ConsentRules.CheckBallot(LandContracting, new Ballot("M1", "H1", BallotChoice.Yes, Proxy: " ", ProxyHousehold: ""), []));
    }

    [Fact]
    public void On_the_households_basis_a_second_ballot_from_the_same_household_is_refused()
    {
        var cast = new[] { new Ballot("M1", "H1", BallotChoice.Yes) };

        var problem = Assert.Single(ConsentRules.CheckBallot(PerHousehold, new Ballot("M2", "h1", BallotChoice.No), cast));

        Assert.Equal(new ConsentProblem("household", "该户已投票，按户表决每户只有一票"), problem);
    }

    [Fact]
    public void On_the_persons_basis_members_of_one_household_each_vote()
    {
        var cast = new[] { new Ballot("M1", "H1", BallotChoice.Yes) };

        Assert.Empty(ConsentRules.CheckBallot(Assembly, new Ballot("M2", "H1", BallotChoice.Yes), cast));
    }

    [Fact]
    public void A_household_vote_counts_households_and_refuses_a_households_second_ballot()
    {
        var ballots = Ballots(46, no: 10);

        var passed = ConsentRules.EvaluateWrittenVote(PerHousehold, Vote(90, ballots, BallotBasis.Households));
        var duplicate = ConsentRules.EvaluateWrittenVote(PerHousehold,
            Vote(90, [.. ballots, new Ballot("M9999", ballots[0].Household, BallotChoice.Yes)], BallotBasis.Households));

        Assert.Equal("书面表决：应参加 90 户，收回表决票 56 张，同意 46 票，超过全体户的半数，通过（（测试规则））", passed.Summary);
        Assert.Equal(new ConsentProblem("ballots", "第 57 张表决票：该户已投票，按户表决每户只有一票"), Assert.Single(duplicate.Problems));
    }

    [Fact]
    public void A_vote_counted_on_another_basis_than_the_rules_is_refused()
    {
        var verdict = ConsentRules.EvaluateWrittenVote(Assembly, Vote(90, Ballots(60), BallotBasis.Households));

        Assert.Equal(new ConsentProblem("basis", "“农村集体经济组织成员大会”的书面表决按人计票，表决记录按户计票"), Assert.Single(verdict.Problems));
    }

    [Fact]
    public void More_ballots_than_the_electorate_are_refused()
    {
        var verdict = ConsentRules.EvaluateWrittenVote(Assembly, Vote(300, Ballots(301)));

        Assert.Equal(new ConsentProblem("ballots", "收回表决票 301 张，多于应参加的 300 人"), Assert.Single(verdict.Problems));
        Assert.False(verdict.Valid);
        Assert.False(verdict.Passed);
        Assert.StartsWith("表决记录有误，未予评定：", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_vote_with_a_members_second_ballot_is_not_evaluated_and_numbers_the_ballot()
    {
        var ballots = Ballots(200, no: 50);
        ballots.Add(ballots[3] with { Choice = BallotChoice.No });

        var verdict = ConsentRules.EvaluateWrittenVote(Assembly, Vote(300, ballots));

        Assert.Equal(new ConsentProblem("ballots", "第 251 张表决票：该成员已投票，不能重复投票"), Assert.Single(verdict.Problems));
        Assert.False(verdict.Passed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_electorate_of_no_one_is_refused(int electorate)
    {
        var verdict = ConsentRules.EvaluateWrittenVote(Assembly, Vote(electorate, []));

        Assert.Equal("electorate", Assert.Single(verdict.Problems).Field);
    }

    [Fact]
    public void Notice_exactly_ten_days_before_the_close_is_enough_and_nine_is_not()
    {
        var ten = Vote(300, Ballots(200));
        var nine = ten with { NoticeDate = TenDaysBefore.AddDays(1) };

        Assert.Empty(ConsentRules.EvaluateWrittenVote(Assembly, ten).Problems);
        Assert.Equal(new ConsentProblem("noticeDate", "2025-06-11 通知、2025-06-20 截止，仅提前 9 天，“农村集体经济组织成员大会”的书面表决应当提前 10 天通知"),
            Assert.Single(ConsentRules.EvaluateWrittenVote(Assembly, nine).Problems));
    }

    [Fact]
    public void Notice_is_required_where_the_rule_asks_for_it_and_not_where_it_does_not()
    {
        var unnotified = Vote(300, Ballots(200)) with { NoticeDate = null };

        Assert.Equal("noticeDate", Assert.Single(ConsentRules.EvaluateWrittenVote(Assembly, unnotified).Problems).Field);
        Assert.Empty(ConsentRules.EvaluateWrittenVote(LandContracting, unnotified).Problems);
    }

    [Fact]
    public void Notice_after_the_close_or_no_closing_day_is_refused()
    {
        var late = Vote(300, Ballots(200)) with { NoticeDate = ClosedOn.AddDays(1) };
        var unclosed = Vote(300, Ballots(200)) with { ClosedOn = default };

        Assert.Equal("noticeDate", Assert.Single(ConsentRules.EvaluateWrittenVote(LandContracting, late).Problems).Field);
        Assert.Equal("closedOn", Assert.Single(ConsentRules.EvaluateWrittenVote(LandContracting, unclosed).Problems).Field);
    }

    [Theory]
    [InlineData("villagers-meeting", "“村民会议”应由村民会议开会表决，不能书面表决")]
    [InlineData("villager-representatives-meeting", "“村民代表会议”应由村民代表会议开会表决，不能书面表决")]
    [InlineData("village-group-meeting", "“村民小组会议”应由村民小组会议开会表决，不能书面表决")]
    [InlineData("collective-representatives-assembly", "“农村集体经济组织成员代表大会”应由成员代表大会开会表决，不能书面表决")]
    public void A_rule_without_written_ballots_refuses_any_ballot(string rule, string message)
    {
        var problem = Assert.Single(ConsentRules.CheckBallot(rule, new Ballot("M1", "H1", BallotChoice.Yes), []));
        var verdict = ConsentRules.EvaluateWrittenVote(rule, Vote(300, Ballots(250)));

        Assert.Equal(new ConsentProblem("body", message), problem);
        Assert.Equal([problem], verdict.Problems);
        Assert.False(verdict.Passed);
    }

    [Fact]
    public void Only_the_rules_counted_over_all_members_allow_a_written_vote_each_counting_persons()
    {
        var policies = ConsentRules.All.Where(r => r.WrittenBallot is not null)
            .Select(r => (r.Code, r.WrittenBallot!.Basis, r.WrittenBallot.Pass, r.WrittenBallot.SameHouseholdProxy, r.WrittenBallot.NoticeDays, r.WrittenBallot.RegisteredVillagers));

        Assert.Equal(
            [
                (LandContracting, BallotBasis.Persons, Threshold.TwoThirdsOrMore, false, (int?)null, true),
                (Assembly, BallotBasis.Persons, Threshold.TwoThirdsOrMore, true, 10, false),
                ("homestead-relocation-plan", BallotBasis.Persons, Threshold.TwoThirdsOrMore, true, 10, false),
                ("collective-or-committee-consent", BallotBasis.Persons, Threshold.TwoThirdsOrMore, false, null, true),
            ],
            policies);
        Assert.All(ConsentRules.All.Where(r => r.WrittenBallot is not null),
            r => Assert.All(r.Bodies, b => Assert.NotEqual(PassBasis.Present, b.PassBasis)));
        Assert.StartsWith("实践做法，非法律规定", ConsentRules.Find(LandContracting)!.WrittenBallot!.Source, StringComparison.Ordinal);
        Assert.StartsWith("《农村集体经济组织法》第二十七条", ConsentRules.Find(Assembly)!.WrittenBallot!.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_rule_cannot_take_ballots()
    {
        Assert.Throws<ArgumentException>(() => ConsentRules.CheckBallot("show-of-hands", new Ballot("M1", "H1", BallotChoice.Yes), []));
        Assert.Throws<ArgumentException>(() => ConsentRules.EvaluateWrittenVote("show-of-hands", Vote(300, [])));
    }
}
