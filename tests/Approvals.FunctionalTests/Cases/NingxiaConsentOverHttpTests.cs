using System.Net;
using System.Text.Json;

namespace Approvals.FunctionalTests.Cases;

/// <summary>
/// Ningxia (seed 004, 三.(八)): the plan goes up only when every affected village has consented. Over HTTP: one
/// village votes in a meeting that fails and is held again, one by written ballots, one in a meeting.
/// </summary>
public sealed class NingxiaConsentOverHttpTests : ApiTestHost
{
    private const string Silidian = "640122201201";
    private const string Fengdeng = "640122201202";
    private const string Xinping = "640122201203";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private async Task<string> ProjectAtConsentAsync()
    {
        var projectId = (await Api.PostAsync("nx-changxin", "/api/projects", new
        {
            name = "贺兰县常信乡全域土地综合整治项目", definitionId = "ningxia", townCode = "640122201", area = 5200m,
            villages = new[]
            {
                new { code = Silidian, name = "四十里店村", electorate = 300, households = 120, representatives = (int?)null },
                new { code = Fengdeng, name = "丰登村", electorate = 12, households = 5, representatives = (int?)null },
                new { code = Xinping, name = "新平村", electorate = 150, households = 60, representatives = (int?)30 },
            },
            subProjects = new[] { new { key = "sp-farmland", name = "高标准农田建设", department = "agriculture-rural" } },
            facts = new
            {
                numbers = new Dictionary<string, decimal> { ["permanentFarmlandAdjusted"] = 40m, ["townPermanentFarmlandArea"] = 1000m },
                flags = new Dictionary<string, bool>
                {
                    ["involvesDemolition"] = false, ["crossCountyQuotaTransfer"] = false, ["adjustsFarmlandInDevelopmentBoundary"] = false,
                    ["optimisesThreeZonesThreeLines"] = false,
                },
            },
        }, Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
        (await Api.PostAsync("nx-changxin", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.OK);
        await Api.DoAsync("nx-zhengfu", projectId, "county-overall-planning", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nx-ziranziyuan", projectId, "cadastral-survey", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nx-nongye", projectId, "propose-sub-projects", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nx-ziranziyuan", projectId, "draft-plan", "complete", new { outcome = "approve" }, Ct);
        foreach (var committee in new[] { "nx-silidian", "nx-fengdeng", "nx-xinping" })
        {
            await Api.DoAsync(committee, projectId, "publicise-plan-in-village", "complete", new { outcome = "approve" }, Ct);
            await Api.DoAsync(committee, projectId, "village-opinions", "complete", new { outcome = "approve", opinion = "村民无修改意见" }, Ct);
        }

        return projectId;
    }

    private async Task<JsonElement> MeetingAsync(string committee, string projectId, string village, int electorate, int attendance, int yes)
    {
        var minutes = await Api.UploadPdfAsync(committee, projectId, "村民会议记录.pdf", "minutes", Ct);
        return (await Api.PostAsync(committee, $"/api/projects/{projectId}/villages/{village}/consent-meetings", new
        {
            body = "villagers-meeting", meetingDate = Today.AddDays(-1), noticeDate = Today.AddDays(-12), electorate, attendance, yes,
            no = attendance - yes, abstain = 0, minutesAttachmentId = minutes,
        }, Ct)).Expect(HttpStatusCode.Created).Json;
    }

    private async Task<List<string>> OpenStepsAsync(string projectId) =>
        [.. (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}", Ct)).Expect(HttpStatusCode.OK).Json
            .GetProperty("process").GetProperty("openTasks").EnumerateArray().Select(t => t.GetProperty("stepId").GetString()!)];

    [Fact]
    public async Task The_plan_waits_until_every_village_has_consented_then_goes_to_the_county()
    {
        var projectId = await ProjectAtConsentAsync();

        // 四十里店村: the first meeting falls short of two thirds of all 300 members (199 < 200); the second carries it.
        var failed = await MeetingAsync("nx-silidian", projectId, Silidian, 300, attendance: 260, yes: 199);
        Assert.False(failed.GetProperty("passed").GetBoolean());
        Assert.Contains("未通过", failed.GetProperty("summary").GetString());
        Assert.Contains(Silidian, (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}", Ct)).Json.GetProperty("process").GetProperty("waiting").ToString());
        Assert.True((await MeetingAsync("nx-silidian", projectId, Silidian, 300, attendance: 260, yes: 200)).GetProperty("passed").GetBoolean());

        // 丰登村 votes in writing: one ballot per member; a second ballot for a member and a proxy are refused under this rule.
        var path = $"/api/projects/{projectId}/villages/{Fengdeng}/written-votes";
        var vote = (await Api.PostAsync("nx-fengdeng", path, new { noticeDate = Today.AddDays(-3), electorate = 12 }, Ct)).Expect(HttpStatusCode.Created).Json;
        var ballots = $"{path}/{vote.GetProperty("id").GetString()}/ballots";
        for (var i = 1; i <= 9; i++)
        {
            (await Api.PostAsync("nx-fengdeng", ballots, new { member = $"M{i:00}", household = $"H{(i + 1) / 2}", choice = i <= 8 ? "yes" : "no" }, Ct))
                .Expect(HttpStatusCode.Created);
        }

        var twice = (await Api.PostAsync("nx-fengdeng", ballots, new { member = "m01", household = "H1", choice = "no" }, Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        var proxy = (await Api.PostAsync("nx-fengdeng", ballots, new { member = "M10", household = "H5", choice = "yes", proxy = "M09", proxyHousehold = "H5" }, Ct))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["member"], twice.ErrorFields);
        Assert.Contains("proxy", proxy.ErrorFields);

        // Before the last village has voted, the plan has not gone up.
        Assert.DoesNotContain("county-submission", await OpenStepsAsync(projectId));
        var closed = (await Api.PostAsync("nx-fengdeng", $"{path}/{vote.GetProperty("id").GetString()}/close", new { }, Ct)).Expect(HttpStatusCode.Created).Json;
        Assert.True(closed.GetProperty("passed").GetBoolean());
        Assert.Equal(9, closed.GetProperty("attendance").GetInt32());
        Assert.DoesNotContain("county-submission", await OpenStepsAsync(projectId));

        // 新平村 consents: every village has. The adjustment of contracted land is approved by the township, then the
        // county (农村土地承包法 第二十八条), and the plan goes to the county government.
        await MeetingAsync("nx-xinping", projectId, Xinping, 150, attendance: 140, yes: 120);
        Assert.Equal(["town-land-adjustment-approval"], await OpenStepsAsync(projectId));
        await Api.DoAsync("nx-changxin-zhengfu", projectId, "town-land-adjustment-approval", "complete", new { outcome = "approve", opinion = "同意调整" }, Ct);
        Assert.Equal(["county-land-adjustment-approval"], await OpenStepsAsync(projectId));
        await Api.DoAsync("nx-nongye", projectId, "county-land-adjustment-approval", "complete", new { outcome = "approve", opinion = "同意调整" }, Ct);
        Assert.Contains("county-submission", await OpenStepsAsync(projectId));
    }

    [Fact]
    public async Task Impossible_vote_records_are_refused_with_their_reasons()
    {
        var projectId = await ProjectAtConsentAsync();
        var minutes = await Api.UploadPdfAsync("nx-silidian", projectId, "会议记录.pdf", "minutes", Ct);
        var meetings = $"/api/projects/{projectId}/villages/{Silidian}/consent-meetings";

        var tooMany = await Api.PostAsync("nx-silidian", meetings, new
        {
            body = "villagers-meeting", meetingDate = Today, noticeDate = Today.AddDays(-12), electorate = 300, attendance = 301, yes = 290, no = 11, abstain = 0, minutesAttachmentId = minutes,
        }, Ct);
        var badSum = await Api.PostAsync("nx-silidian", meetings, new
        {
            body = "villagers-meeting", meetingDate = Today, noticeDate = Today.AddDays(-12), electorate = 300, attendance = 250, yes = 200, no = 10, abstain = 5, minutesAttachmentId = minutes,
        }, Ct);
        var lateNotice = await Api.PostAsync("nx-silidian", meetings, new
        {
            body = "villagers-meeting", meetingDate = Today, noticeDate = Today.AddDays(-9), electorate = 300, attendance = 250, yes = 240, no = 10, abstain = 0, minutesAttachmentId = minutes,
        }, Ct);
        var wrongElectorate = await Api.PostAsync("nx-silidian", meetings, new
        {
            body = "villagers-meeting", meetingDate = Today, noticeDate = Today.AddDays(-12), electorate = 200, attendance = 150, yes = 140, no = 10, abstain = 0, minutesAttachmentId = minutes,
        }, Ct);

        Assert.Contains("attendance", tooMany.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields);
        Assert.Contains("yes", badSum.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields);
        Assert.Contains("noticeDate", lateNotice.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields);
        Assert.Contains("electorate", wrongElectorate.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields);
        Assert.Empty((await Api.GetAsync("nx-silidian", meetings, Ct)).Expect(HttpStatusCode.OK).Json.EnumerateArray());
    }

    [Fact]
    public async Task Each_decision_is_published_without_personal_data_and_joins_the_projects_documents()
    {
        var projectId = await ProjectAtConsentAsync();
        var meeting = await MeetingAsync("nx-silidian", projectId, Silidian, 300, attendance: 260, yes: 230);
        var path = $"/api/projects/{projectId}/villages/{Fengdeng}/written-votes";
        var vote = (await Api.PostAsync("nx-fengdeng", path, new { electorate = 12 }, Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString();
        for (var i = 1; i <= 8; i++)
        {
            (await Api.PostAsync("nx-fengdeng", $"{path}/{vote}/ballots", new { member = $"640122199001011{i:000}", household = $"H{i}", choice = "yes" }, Ct)).Expect(HttpStatusCode.Created);
        }

        var written = (await Api.PostAsync("nx-fengdeng", $"{path}/{vote}/close", new { }, Ct)).Expect(HttpStatusCode.Created).Json;

        // Anyone may read the decisions, signed in or not; the pages hold the tallies and the result, and no one's name or number.
        using var anonymous = Factory.CreateClient();
        var page = await anonymous.GetStringAsync($"/public/decisions/{meeting.GetProperty("id").GetString()}", Ct);
        var writtenPage = await anonymous.GetStringAsync($"/public/decisions/{written.GetProperty("id").GetString()}", Ct);
        var villagePage = await anonymous.GetStringAsync($"/public/villages/{Silidian}/decisions", Ct);
        Assert.Contains("四十里店村", page, StringComparison.Ordinal);
        Assert.Contains("贺兰县常信乡全域土地综合整治项目", page, StringComparison.Ordinal);
        Assert.Contains("<dd>230</dd>", page, StringComparison.Ordinal);
        Assert.Contains("通过", page, StringComparison.Ordinal);
        Assert.Contains("《农村土地承包法》", page, StringComparison.Ordinal);
        Assert.DoesNotContain("nx-silidian", page, StringComparison.Ordinal);
        Assert.Contains("书面表决", writtenPage, StringComparison.Ordinal);
        Assert.DoesNotContain("640122199001011", writtenPage, StringComparison.Ordinal);
        Assert.DoesNotContain("nx-fengdeng", writtenPage, StringComparison.Ordinal);
        Assert.Contains(meeting.GetProperty("id").GetString()!, villagePage, StringComparison.Ordinal);

        // The ballots are the committee's to see; others see the tallies.
        var own = (await Api.GetAsync("nx-fengdeng", $"{path}/{vote}", Ct)).Expect(HttpStatusCode.OK).Json;
        var county = (await Api.GetAsync("nx-ziranziyuan", $"{path}/{vote}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(8, own.GetProperty("ballots").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, county.GetProperty("ballots").ValueKind);
        Assert.Equal(8, county.GetProperty("yes").GetInt32());

        // Each village's consent resolution is among the project's documents, resting on its public decision.
        var documents = (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}/documents", Ct)).Expect(HttpStatusCode.OK).Json;
        var resolutions = documents.EnumerateArray().Where(d => d.GetProperty("document").GetString() == "consent-resolution").ToList();
        Assert.Equal(2, resolutions.Count);
        Assert.Contains(resolutions, d => d.GetProperty("publicDecision").GetString() == $"/public/decisions/{meeting.GetProperty("id").GetString()}");
        Assert.Contains(resolutions, d => d.GetProperty("publicDecision").GetString() == $"/public/decisions/{written.GetProperty("id").GetString()}");
    }

    [Fact]
    public async Task A_record_is_corrected_only_by_a_new_one_with_a_reason_and_a_passed_vote_cannot_be_undone()
    {
        var projectId = await ProjectAtConsentAsync();
        var first = await MeetingAsync("nx-silidian", projectId, Silidian, 300, attendance: 260, yes: 230);
        var minutes = await Api.UploadPdfAsync("nx-silidian", projectId, "更正后的会议记录.pdf", "minutes", Ct);
        var meetings = $"/api/projects/{projectId}/villages/{Silidian}/consent-meetings";
        object Correction(int yes, string? reason) => new
        {
            body = "villagers-meeting", meetingDate = Today.AddDays(-1), noticeDate = Today.AddDays(-12), electorate = 300, attendance = 260, yes,
            no = 260 - yes, abstain = 0, minutesAttachmentId = minutes, supersedes = first.GetProperty("id").GetString(), reason,
        };

        var reasonless = (await Api.PostAsync("nx-silidian", meetings, Correction(228, null), Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        var undoing = (await Api.PostAsync("nx-silidian", meetings, Correction(150, "计票有误"), Ct)).Expect(HttpStatusCode.Conflict);
        var corrected = (await Api.PostAsync("nx-silidian", meetings, Correction(228, "同意票误记，应为228票"), Ct)).Expect(HttpStatusCode.Created).Json;
        var again = (await Api.PostAsync("nx-silidian", meetings, Correction(229, "再次更正"), Ct)).Expect(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["reason"], reasonless.ErrorFields);
        Assert.Contains("已生效", undoing.Json.GetProperty("detail").GetString());
        Assert.Equal(first.GetProperty("id").GetString(), corrected.GetProperty("supersedes").GetString());
        Assert.Equal(["supersedes"], again.ErrorFields);
        var timeline = (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}/timeline", Ct)).Expect(HttpStatusCode.OK).Json;
        var correction = timeline.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "consent.record.corrected");
        Assert.Equal("同意票误记，应为228票", correction.GetProperty("reason").GetString());
        Assert.Equal("nx-silidian", correction.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task A_representatives_meeting_counts_only_when_representatives_are_four_fifths_of_its_members()
    {
        var projectId = await ProjectAtConsentAsync();
        var minutes = await Api.UploadPdfAsync("nx-xinping", projectId, "村民代表会议记录.pdf", "minutes", Ct);
        object Meeting(int? committeeMembers) => new
        {
            body = "villager-representatives-meeting", meetingDate = Today.AddDays(-1), electorate = 30, attendance = 25, yes = 20, no = 5, abstain = 0,
            committeeMembers, representativesYes = 16, minutesAttachmentId = minutes,
        };
        var meetings = $"/api/projects/{projectId}/villages/{Xinping}/consent-meetings";

        var unknown = (await Api.PostAsync("nx-xinping", meetings, Meeting(null), Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        var tooFew = (await Api.PostAsync("nx-xinping", meetings, Meeting(7), Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        var passed = (await Api.PostAsync("nx-xinping", meetings, Meeting(6), Ct)).Expect(HttpStatusCode.Created).Json;

        Assert.Equal(["committeeMembers"], unknown.ErrorFields);
        Assert.Equal(["committeeMembers"], tooFew.ErrorFields);
        Assert.True(passed.GetProperty("passed").GetBoolean(), passed.GetProperty("summary").GetString());
        Assert.Equal((6, 16), (passed.GetProperty("committeeMembers").GetInt32(), passed.GetProperty("representativesYes").GetInt32()));
        Assert.Contains("其中村民代表 16 票，达到全体村民代表 24 人的三分之二", passed.GetProperty("summary").GetString());
        var resolution = await ResolutionTextAsync(projectId, Xinping);
        Assert.Contains("村民代表会议决议摘要", resolution, StringComparison.Ordinal);
        Assert.Contains("村民代表同意16", resolution.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_collectives_member_assembly_may_consent_for_its_village_with_two_thirds_of_all_its_members()
    {
        // 三.(八): the collective economic organisation or the villagers' committee. 四十里店村's collective (450 members) meets.
        var projectId = await ProjectAtConsentAsync();
        var minutes = await Api.UploadPdfAsync("nx-silidian-jiti", projectId, "成员大会会议记录.pdf", "minutes", Ct);
        object Assembly(int yes) => new
        {
            body = "member-assembly", meetingDate = Today.AddDays(-1), noticeDate = Today.AddDays(-12), electorate = 450, attendance = 420, yes,
            no = 420 - yes, abstain = 0, minutesAttachmentId = minutes,
        };
        var meetings = $"/api/projects/{projectId}/villages/{Silidian}/consent-meetings";

        var representatives = (await Api.PostAsync("nx-silidian-jiti", meetings, new
        {
            body = "representatives-assembly", meetingDate = Today.AddDays(-1), electorate = 30, attendance = 30, yes = 30, no = 0, abstain = 0, minutesAttachmentId = minutes,
        }, Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        var failed = (await Api.PostAsync("nx-silidian-jiti", meetings, Assembly(299), Ct)).Expect(HttpStatusCode.Created).Json;
        var passed = (await Api.PostAsync("nx-silidian-jiti", meetings, Assembly(300), Ct)).Expect(HttpStatusCode.Created).Json;

        Assert.False(failed.GetProperty("passed").GetBoolean());
        Assert.Contains("同意 299 票，不足全体成员 450 人的三分之二", failed.GetProperty("summary").GetString());
        Assert.True(passed.GetProperty("passed").GetBoolean());
        Assert.Equal("成员大会", passed.GetProperty("bodyName").GetString());
        Assert.Equal("collective-or-committee-consent", passed.GetProperty("rule").GetString());
        Assert.Equal(["body"], representatives.ErrorFields);
        Assert.DoesNotContain(Silidian, (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}", Ct)).Json.GetProperty("process").GetProperty("waiting").ToString());

        // The village's consent resolution names the body that decided.
        var resolution = await ResolutionTextAsync(projectId, Silidian);
        Assert.Contains("成员大会", resolution, StringComparison.Ordinal);
        Assert.DoesNotContain("村民会议", resolution, StringComparison.Ordinal);
    }

    /// <summary>The text of a village's consent resolution, once the letter issuer has issued it.</summary>
    private async Task<string> ResolutionTextAsync(string projectId, string village)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var letter = (await Api.GetAsync("nx-changxin", $"/api/projects/{projectId}/documents", Ct)).Expect(HttpStatusCode.OK).Json.EnumerateArray()
                .FirstOrDefault(d => d.GetProperty("document").GetString() == "consent-resolution" && d.GetProperty("item").GetString() == village);
            if (letter.ValueKind == JsonValueKind.Object && letter.GetProperty("issuedDocumentId").GetString() is { } id)
            {
                using var pdf = await Api.GetRawAsync("nx-changxin", $"/api/documents/{id}/content", Ct);
                return (await Documents.PdfTools.RunAsync("pdftotext", await pdf.Content.ReadAsByteArrayAsync(Ct), Ct)).Replace("\n", "", StringComparison.Ordinal);
            }

            await Task.Delay(100, Ct);
        }

        throw new InvalidOperationException($"the consent resolution of {village} was not issued within 30 s");
    }
}
