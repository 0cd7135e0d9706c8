using Approvals.Engine.Consent;

namespace Approvals.Engine.Tests.Consent;

/// <summary>
/// Consent by the body and the count the law names: 村民代表 counted without the committee members who sit with them,
/// the collective's 成员大会 over all its members, the matters the 成员代表大会 may not decide, and the law in force on
/// the day of the meeting (农村集体经济组织法, from 2025-05-01).
/// </summary>
public sealed class ConsentBodiesTests
{
    private static readonly DateOnly Before = new(2025, 4, 30);
    private static readonly DateOnly From = new(2025, 5, 1);

    private static MeetingRecord Record(string body, DateOnly on, int electorate, int attendance, int yes) =>
        new(body, on, on.AddDays(-10), electorate, attendance, yes, attendance - yes, 0);

    /// <summary>A representatives' meeting of 45 members: 36 村民代表 and 9 村委会 members, all 9 present and agreeing.</summary>
    private static MeetingRecord Representatives(int representativesYes, int attendance = 40) =>
        Record("villager-representatives-meeting", From, 45, attendance, representativesYes + 9) with { CommitteeMembers = 9, RepresentativesYes = representativesYes };

    [Theory]
    [InlineData(24, true)]
    [InlineData(23, false)]
    public void Two_thirds_of_the_representatives_counts_their_own_votes_against_the_36_of_them(int representativesYes, bool passed)
    {
        var verdict = ConsentRules.Evaluate("land-contracting-two-thirds", Representatives(representativesYes));

        Assert.Empty(verdict.Problems);
        Assert.True(verdict.Valid);
        Assert.Equal(passed, verdict.Passed);
        // 23 + 9 = 32 votes would be two thirds of the 45 members: the committee's votes are not the representatives' consent.
        Assert.Contains(passed ? "其中村民代表 24 票，达到全体村民代表 36 人的三分之二，通过" : "其中村民代表 23 票，不足全体村民代表 36 人的三分之二，未通过",
            verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Counting_representatives_needs_both_numbers_and_refuses_impossible_ones()
    {
        var missing = ConsentRules.Evaluate("land-contracting-two-thirds", Record("villager-representatives-meeting", From, 45, 40, 33));
        var moreThanTheYes = ConsentRules.Evaluate("land-contracting-two-thirds", Representatives(24) with { Yes = 20, No = 20 });
        var committeeOverflow = ConsentRules.Evaluate("land-contracting-two-thirds", Representatives(20) with { Yes = 31, No = 9 });
        var moreThanTheRepresentatives = ConsentRules.Evaluate("land-contracting-two-thirds",
            Representatives(37, attendance: 45) with { Yes = 45, No = 0, CommitteeMembers = 9 });

        Assert.Equal(["committeeMembers", "representativesYes"], missing.Problems.Select(p => p.Field));
        Assert.Equal("村民代表同意 24 票，多于同意票总数 20 票", Assert.Single(moreThanTheYes.Problems).Message);
        Assert.Equal("村民委员会成员同意 11 票，多于村民委员会成员 9 人", Assert.Single(committeeOverflow.Problems).Message);
        Assert.Equal("村民代表同意 37 票，多于村民代表 36 人", Assert.Single(moreThanTheRepresentatives.Problems).Message);
        Assert.All([missing, moreThanTheYes, committeeOverflow, moreThanTheRepresentatives], v => Assert.False(v.Valid || v.Passed));
    }

    [Fact]
    public void A_representatives_meeting_deciding_by_its_own_majority_needs_no_representatives_count()
    {
        var verdict = ConsentRules.Evaluate("villager-representatives-meeting", Record("villager-representatives-meeting", From, 45, 40, 21));

        Assert.Empty(verdict.Problems);
        Assert.True(verdict.Passed);
    }

    [Theory]
    [InlineData(300, 300, true)]
    [InlineData(300, 299, false)]
    [InlineData(380, 300, true)]
    [InlineData(380, 299, false)]
    [InlineData(450, 300, true)]
    [InlineData(450, 299, false)]
    public void A_member_assembly_of_450_passes_with_300_yes_and_fails_with_299_however_many_attended(int attendance, int yes, bool passed)
    {
        foreach (var rule in new[] { "collective-member-assembly", "homestead-relocation-plan", "collective-or-committee-consent" })
        {
            var verdict = ConsentRules.Evaluate(rule, Record("member-assembly", From, 450, attendance, yes));

            Assert.Empty(verdict.Problems);
            Assert.True(verdict.Valid, rule);
            Assert.Equal(passed, verdict.Passed);
            Assert.Contains($"全体成员 450 人的三分之二", verdict.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_member_assembly_without_two_thirds_present_is_invalid_before_its_votes_are_counted()
    {
        var verdict = ConsentRules.Evaluate("homestead-relocation-plan", Record("member-assembly", From, 450, 299, 299));

        Assert.Equal((false, false), (verdict.Valid, verdict.Passed));
        Assert.StartsWith("到会 299 人，不足应到 450 人的三分之二，会议无效", verdict.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("同意", verdict.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("representatives-assembly", "成员代表大会不得决定宅基地使用及村庄搬迁撤并方案")]
    [InlineData("villager-representatives-meeting", "村民代表会议不得决定宅基地使用及村庄搬迁撤并方案")]
    public void A_homestead_plan_is_refused_to_a_representatives_body_with_the_article_that_reserves_it(string body, string refusal)
    {
        var verdict = ConsentRules.Evaluate("homestead-relocation-plan", Record(body, From, 30, 30, 30) with { CommitteeMembers = 5 });

        var problem = Assert.Single(verdict.Problems);
        Assert.Equal("body", problem.Field);
        Assert.StartsWith(refusal, problem.Message, StringComparison.Ordinal);
        Assert.Contains("第二十八条", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_homestead_vote_before_2025_05_01_is_judged_by_the_villagers_meeting_majority_of_its_day()
    {
        // 151 of 300 present, 76 agree: a valid 村民会议 under 村委会组织法 第二十二条 on 30 April 2025 …
        var before = ConsentRules.Evaluate("homestead-relocation-plan", Record("villagers-meeting", Before, 300, 151, 76));
        // … and, a day later, a meeting without the two-thirds attendance the 成员大会 rules (第六十四条) ask of it.
        var after = ConsentRules.Evaluate("homestead-relocation-plan", Record("villagers-meeting", From, 300, 151, 76));
        var afterWithTwoThirds = ConsentRules.Evaluate("homestead-relocation-plan", Record("villagers-meeting", From, 300, 250, 200));
        var representativesBefore = ConsentRules.Evaluate("homestead-relocation-plan", Record("villager-representatives-meeting", Before, 30, 20, 11));

        Assert.Equal((true, true), (before.Valid, before.Passed));
        Assert.EndsWith("（《村民委员会组织法》第二十二条、第二十四条第一款第六项、第二十六条）", before.Summary, StringComparison.Ordinal);
        Assert.Equal((false, false), (after.Valid, after.Passed));
        Assert.EndsWith("第六十四条）", after.Summary, StringComparison.Ordinal);
        Assert.Equal((true, true), (afterWithTwoThirds.Valid, afterWithTwoThirds.Passed));
        Assert.Equal((true, true), (representativesBefore.Valid, representativesBefore.Passed));
        Assert.Equal(ConsentRules.CollectiveLawInForce, From);
    }

    [Fact]
    public void Ningxia_consent_may_be_the_collectives_member_assembly_from_2025_05_01_and_the_villagers_at_any_time()
    {
        var assembly = ConsentRules.Evaluate("collective-or-committee-consent", Record("member-assembly", From, 450, 400, 300));
        var assemblyBefore = ConsentRules.Evaluate("collective-or-committee-consent", Record("member-assembly", Before, 450, 400, 300));
        var villagers = ConsentRules.Evaluate("collective-or-committee-consent", Record("villagers-meeting", Before, 300, 250, 200));
        var villagersShort = ConsentRules.Evaluate("collective-or-committee-consent", Record("villagers-meeting", From, 300, 250, 199));

        Assert.True(assembly.Passed);
        Assert.Equal("body", Assert.Single(assemblyBefore.Problems).Field);
        Assert.True(villagers.Passed);
        Assert.Equal((true, false), (villagersShort.Valid, villagersShort.Passed));
    }

    [Fact]
    public void A_written_homestead_vote_is_the_member_assemblys_from_2025_05_01_and_none_before()
    {
        var ballots = Enumerable.Range(1, 300).Select(i => new Ballot($"m{i}", $"h{i}", BallotChoice.Yes)).ToList();

        var from = ConsentRules.EvaluateWrittenVote("homestead-relocation-plan", new WrittenVote(BallotBasis.Persons, From.AddDays(-10), From, 450, ballots));
        var before = ConsentRules.EvaluateWrittenVote("homestead-relocation-plan", new WrittenVote(BallotBasis.Persons, Before.AddDays(-10), Before, 450, ballots));

        Assert.True(from.Passed);
        Assert.Equal("body", Assert.Single(before.Problems).Field);
        Assert.True(ConsentRules.Find("homestead-relocation-plan")!.WrittenBallot!.SameHouseholdProxy);
        Assert.Null(ConsentRules.Find("homestead-relocation-plan")!.At(Before).WrittenBallot);
    }
}
