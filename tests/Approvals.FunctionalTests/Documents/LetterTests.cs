using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approvals.FunctionalTests.Cases;
using Microsoft.EntityFrameworkCore;

namespace Approvals.FunctionalTests.Documents;

/// <summary>
/// Letters the letter steps ask for are issued off the request path: numbered per issuer and year, stored with
/// their SHA-256, served unchanged, verifiable by anyone; every document kind renders with its text and fonts.
/// </summary>
public sealed class LetterTests() : ApiTestHost(new Dictionary<string, string?>
{
    ["Approvals:Letters:PollSeconds"] = "0.2",
    ["Approvals:DemoProjects"] = "true",
})
{
    private async Task WaitForLettersAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (!await InDbAsync(db => db.LetterRequests.AnyAsync(l => l.Status == "requested", Ct)))
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("letters were still being issued after 30 s");
    }

    private async Task<List<JsonElement>> DocumentsAsync(string user, string projectId) =>
        [.. (await Api.GetAsync(user, $"/api/projects/{projectId}/documents", Ct)).Expect(HttpStatusCode.OK).Json.EnumerateArray()];

    private async Task<byte[]> PdfAsync(string user, string documentId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{documentId}/content");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenAsync(user, Ct));
        using var response = await Api.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    [Fact]
    public async Task Each_departments_confirmation_letter_is_issued_with_its_own_number_and_served_unchanged()
    {
        var first = await Api.StartAsync("确认书项目甲", Ct);
        var second = await Api.StartAsync("确认书项目乙", Ct);
        foreach (var project in new[] { first, second })
        {
            await Api.DoAsync("jx-nongye", project, "confirm-sub-projects", "complete", new { outcome = "approve" }, Ct);
        }

        await WaitForLettersAsync();
        var year = DateTime.UtcNow.AddHours(8).Year;
        var letterA = (await DocumentsAsync("yaozhuang", first)).Single(d => d.GetProperty("document").GetString() == "department-confirmation-letter");
        var letterB = (await DocumentsAsync("yaozhuang", second)).Single(d => d.GetProperty("document").GetString() == "department-confirmation-letter");
        var numbers = new[] { letterA, letterB }.Select(d => d.GetProperty("number").GetString()).Order(StringComparer.Ordinal).ToList();

        // The demo projects' letters were numbered first; these two follow without a gap.
        var issuedBefore = await InDbAsync(db => db.IssuedDocuments.CountAsync(d => d.IssuerId == "330421/agriculture-rural", Ct)) - 2;
        Assert.Equal([$"嘉善县农业农村局〔{year}〕{issuedBefore + 1}号", $"嘉善县农业农村局〔{year}〕{issuedBefore + 2}号"], numbers);

        var pdf = await PdfAsync("yaozhuang", letterA.GetProperty("issuedDocumentId").GetString()!);
        var again = await PdfAsync("jx-nongye", letterA.GetProperty("issuedDocumentId").GetString()!);
        Assert.Equal(pdf, again);
        Assert.Equal(letterA.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(pdf)));
        var text = await PdfTools.RunAsync("pdftotext", pdf, Ct);
        Assert.Contains("确认书项目甲", text, StringComparison.Ordinal);
        Assert.Contains("嘉善县农业农村局", text, StringComparison.Ordinal);
        Assert.Contains(letterA.GetProperty("number").GetString()!, text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("高标准农田建设", text, StringComparison.Ordinal);

        // Outside the project's scope: 403, as for the project itself.
        (await Api.GetAsync("nx-changxin", $"/api/documents/{letterA.GetProperty("issuedDocumentId").GetString()}", Ct)).Expect(HttpStatusCode.Forbidden);
    }

    /// <summary>The letter's text as pdftotext extracts it, on one line, without the spaces it puts between table cells and without page numbers (—1—) and page breaks.</summary>
    private static async Task<string> TextAsync(Approvals.Persistence.Documents.IssuedDocument document) =>
        Regex.Replace((await PdfTools.RunAsync("pdftotext", document.Content, Ct)).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), "—\\d+—|\f", "");

    private async Task<List<Approvals.Persistence.Documents.IssuedDocument>> IssuedAsync(string document)
    {
        await WaitForLettersAsync();
        return await InDbAsync(db => db.IssuedDocuments.AsNoTracking().Where(d => d.Document == document).OrderBy(d => d.IssuedAt).ThenBy(d => d.Serial).ToListAsync(Ct));
    }

    [Fact]
    public async Task No_letter_of_the_demo_projects_prints_a_code_word_a_step_id_a_catalogue_code_or_an_english_identifier()
    {
        await WaitForLettersAsync();
        var documents = await InDbAsync(db => db.IssuedDocuments.AsNoTracking().ToListAsync(Ct));
        foreach (var document in documents)
        {
            var text = await TextAsync(document);
            Assert.DoesNotMatch("[A-Za-z_$]{2,}", text);
            Assert.Matches("[\u4e00-\u9fff]{20,}", text);
        }
    }

    [Fact]
    public async Task A_plan_approval_answers_the_county_with_what_it_approves_the_figures_and_the_decision_it_rests_on()
    {
        var text = await TextAsync((await IssuedAsync("approval-decision")).First(d => d.Title.Contains("常信乡", StringComparison.Ordinal) && d.Title.EndsWith("实施方案的批复", StringComparison.Ordinal)));

        Assert.Contains("关于贺兰县常信乡全域土地综合整治项目实施方案的批复", text, StringComparison.Ordinal);
        Assert.Contains("贺兰县人民政府：", text, StringComparison.Ordinal);
        Assert.Contains("你单位报来的《贺兰县常信乡全域土地综合整治项目实施方案》收悉", text, StringComparison.Ordinal);
        Assert.Contains("一、原则同意《贺兰县常信乡全域土地综合整治项目实施方案》", text, StringComparison.Ordinal);
        Assert.Contains("项目区面积8650亩", text, StringComparison.Ordinal);
        Assert.Contains("永久基本农田调整面积40亩", text, StringComparison.Ordinal);
        Assert.Contains("自治区自然资源主管部门批准实施方案：宁夏回族自治区自然资源厅于", text, StringComparison.Ordinal);
        Assert.Contains("请按批复要求组织实施", text, StringComparison.Ordinal);
        Assert.DoesNotContain("容缺", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quota_transfer_approval_comes_from_the_region_government_and_names_the_transfer()
    {
        var letter = (await IssuedAsync("approval-decision")).Single(d => d.Title.Contains("节余指标跨县域流转", StringComparison.Ordinal));
        var text = await TextAsync(letter);

        Assert.StartsWith("宁夏回族自治区人民政府〔", letter.Number, StringComparison.Ordinal);
        Assert.Contains("同意贺兰县常信乡全域土地综合整治项目增减挂钩节余指标跨县域流转", text, StringComparison.Ordinal);
        Assert.Contains("同意节余指标36亩在自治区内跨县域流转", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_proposal_approval_waits_for_the_deferred_material_and_names_only_its_own_decision()
    {
        var approvals = await IssuedAsync("approval-decision");
        var proposalLetter = approvals.Single(d => d.Title.EndsWith("项目建议书的批复", StringComparison.Ordinal));
        var proposal = await TextAsync(proposalLetter);
        var areaPlan = await TextAsync(approvals.Single(d => d.Title.EndsWith("片区策划的审定意见", StringComparison.Ordinal)));

        Assert.StartsWith("宁波市发展和改革委员会〔", proposalLetter.Number, StringComparison.Ordinal);
        Assert.Contains("余姚市人民政府：", proposal, StringComparison.Ordinal);
        Assert.Contains("市发改委审批项目建议书：宁波市发展和改革委员会于", proposal, StringComparison.Ordinal);
        Assert.DoesNotContain("审定片区策划：", proposal, StringComparison.Ordinal);
        // The demo's material was deferred in the joint review and supplied before the 批复, which was held until then.
        Assert.DoesNotContain("尚未补正", proposal, StringComparison.Ordinal);
        Assert.Contains("市全域国土空间综合整治领导小组审定片区策划：宁波市全域国土空间综合整治工作领导小组于", areaPlan, StringComparison.Ordinal);
        Assert.Contains("经审定", areaPlan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ningbos_combined_opinion_is_the_citys_on_the_area_plan_and_project_proposal_and_jiaxings_the_countys_on_the_plan()
    {
        var opinions = await IssuedAsync("combined-review-opinion");
        var ningbo = await TextAsync(opinions.Single(d => d.Title.Contains("泗门镇", StringComparison.Ordinal)));
        var jiaxing = await TextAsync(opinions.First(d => d.Title.Contains("姚庄镇", StringComparison.Ordinal)));

        Assert.Contains("关于余姚市泗门镇全域国土空间综合整治项目片区策划和项目建议书的会审综合意见", ningbo, StringComparison.Ordinal);
        Assert.Contains("片区策划和项目建议书经市级有关部门并联会审", ningbo, StringComparison.Ordinal);
        Assert.DoesNotContain("县级", ningbo, StringComparison.Ordinal);
        Assert.Contains("实施方案经县级有关部门联合审查", jiaxing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ningbos_joint_review_that_returns_the_area_plan_issues_the_combined_opinion_listing_what_must_change()
    {
        const string name = "余姚市泗门镇谢家路片区全域国土空间综合整治项目";
        var projectId = (await Api.PostAsync("nb-simen", "/api/projects", new
        {
            name, definitionId = "ningbo", townCode = "330281106", area = 4100m,
            villages = new[] { new { code = "330281106201", name = "谢家路村", electorate = 2210, households = 806 } },
            subProjects = new[]
            {
                new { key = "sp-farmland", name = "永久基本农田集中连片整治", department = "agriculture-rural" },
                new { key = "sp-river", name = "河道综合治理", department = "water-resources" },
            },
            facts = new
            {
                numbers = new Dictionary<string, decimal>
                {
                    ["farmlandArea"] = 3150m, ["newFarmlandArea"] = 168m, ["townPermanentFarmlandArea"] = 9800m, ["permanentFarmlandAdjusted"] = 60m, ["permanentFarmlandAdded"] = 12m,
                },
                flags = new Dictionary<string, bool> { ["adjustsUrbanDevelopmentBoundary"] = false, ["involvesDemolition"] = false },
            },
        }, Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
        (await Api.PostAsync("nb-simen", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.OK);
        await Api.DoAsync("nb-ziranziyuan", projectId, "register-potential-project", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nb-zhengfu", projectId, "draft-area-plan-and-proposal", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nb-shi-nongye", projectId, "area-early-guidance", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nb-shi-shuili", projectId, "area-early-guidance", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nb-zhengfu", projectId, "submit-area-plan-and-proposal", "complete", new { outcome = "approve" }, Ct);
        await Api.DoAsync("nb-shi-nongye", projectId, "review-area-plan-and-proposal", "return", new { opinion = "补充永久基本农田集中连片布局图" }, Ct);
        await Api.DoAsync("nb-shi-shuili", projectId, "review-area-plan-and-proposal", "complete", new { outcome = "approve", opinion = "同意" }, Ct);

        var opinion = (await IssuedAsync("combined-review-opinion")).Single(d => d.Title.Contains("谢家路片区", StringComparison.Ordinal));
        var text = await TextAsync(opinion);

        Assert.Contains("片区策划和项目建议书须按下列意见修改完善后重新报审", text, StringComparison.Ordinal);
        Assert.Contains("补充永久基本农田集中连片布局图", text, StringComparison.Ordinal);
        Assert.Contains("会审综合意见", opinion.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_item_opinion_says_its_figures_were_measured_on_site_and_by_whom_where_the_sign_off_recorded_it()
    {
        var opinions = await IssuedAsync("single-item-acceptance-opinion");
        var ningxia = await TextAsync(opinions.First(d => d.Title.Contains("常信乡", StringComparison.Ordinal)));
        var jiaxing = await TextAsync(opinions.First(d => d.Title.Contains("姚庄镇", StringComparison.Ordinal)));

        Assert.Contains("实测数据", ningxia, StringComparison.Ordinal);
        Assert.Contains("以上数据经实地测量（实测）取得，测量单位及人员：贺兰县自然资源调查测绘队王永福。", ningxia, StringComparison.Ordinal);
        Assert.Contains("验收数据", jiaxing, StringComparison.Ordinal);
        Assert.DoesNotContain("实测", jiaxing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overall_acceptance_speaks_of_a_batch_only_where_the_process_has_one_and_otherwise_names_its_next_step()
    {
        var opinions = await IssuedAsync("overall-acceptance-opinion");
        var jiaxing = await TextAsync(opinions.Single(d => d.Title.Contains("沉香片区", StringComparison.Ordinal)));
        var ningxia = await TextAsync(opinions.Single(d => d.Title.Contains("常信乡", StringComparison.Ordinal)));

        Assert.Contains("项目整体验收合格。按批次上报市级领导小组统一验收", jiaxing, StringComparison.Ordinal);
        Assert.DoesNotContain("批次", ningxia, StringComparison.Ordinal);
        Assert.Contains("请按程序办理后续事项：明确管护责任并做好确权登记", ningxia, StringComparison.Ordinal);
        Assert.Contains("新增耕地面积178.6亩", ningxia, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_site_survey_opinion_argues_the_adjustment_from_the_survey_and_the_towns_limit()
    {
        var text = await TextAsync((await IssuedAsync("site-survey-opinion")).Single());

        Assert.Contains("关于贺兰县常信乡全域土地综合整治项目永久基本农田调整的实地踏勘论证意见", text, StringComparison.Ordinal);
        Assert.Contains("宁夏回族自治区自然资源厅于", text, StringComparison.Ordinal);
        Assert.Contains("对调整的必要性、合理性进行了论证", text, StringComparison.Ordinal);
        Assert.Contains("所在乡镇永久基本农田面积12600亩", text, StringComparison.Ordinal);
        Assert.Contains("调整面积占比为0.32%，符合", text, StringComparison.Ordinal);
        Assert.Contains("补划地块集中连片", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_farmland_notice_publishes_the_adjusted_area_and_the_figures_measured_at_the_regions_acceptance()
    {
        var text = await TextAsync((await IssuedAsync("permanent-farmland-publication")).Single());

        Assert.Contains("关于公布贺兰县常信乡全域土地综合整治项目调整后永久基本农田位置的公告", text, StringComparison.Ordinal);
        Assert.Contains("永久基本农田调整面积（批准方案）40亩", text, StringComparison.Ordinal);
        Assert.Contains("新增耕地面积（实测）178.6亩", text, StringComparison.Ordinal);
        Assert.Contains("新增永久基本农田面积（实测）41.5亩", text, StringComparison.Ordinal);
        Assert.Contains("四十里店村、丰登村", text, StringComparison.Ordinal);
        Assert.Contains("贺兰县自然资源局", text, StringComparison.Ordinal);
        Assert.Contains("特此公告", text, StringComparison.Ordinal);
    }

    private async Task<string> InboxTaskAsync(string user, string stepId) =>
        (await Api.GetAsync(user, "/api/inbox", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray()
            .First(i => i.GetProperty("stepId").GetString() == stepId).GetProperty("taskId").GetString()!;

    [Fact]
    public async Task A_sign_off_records_who_took_part_and_its_opinion_lists_them_with_the_villagers_representative()
    {
        var signOff = await InboxTaskAsync("jx-shuili", "single-item-acceptance");
        var confirmation = await InboxTaskAsync("jx-nongye", "confirm-sub-projects");

        var bad = await Api.PostAsync("jx-shuili", $"/api/tasks/{signOff}/sign-off", new
        {
            passed = true, figures = new { newFarmlandArea = 12.5m },
            participants = new object[] { new { name = "", role = "villager" }, new { name = "林水根", role = "department", organisation = "嘉善县水利局" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.Equal(["participants[0].name", "participants[0].role"], bad.ErrorFields.Order(StringComparer.Ordinal));

        // A confirmation is no acceptance: nobody is listed as taking part in it, and it stays open.
        var notAnAcceptance = await Api.PostAsync("jx-nongye", $"/api/tasks/{confirmation}/complete", new
        {
            outcome = "approve", participants = new[] { new { name = "沈建华", role = "department" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAnAcceptance.Status);
        Assert.Equal(["participants"], notAnAcceptance.ErrorFields);
        Assert.Equal("open", (await Api.GetAsync("jx-nongye", $"/api/tasks/{confirmation}", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("status").GetString());

        var done = (await Api.PostAsync("jx-shuili", $"/api/tasks/{signOff}/sign-off", new
        {
            passed = true, figures = new { newFarmlandArea = 12.5m }, opinion = "沟渠按设计建成，验收合格",
            participants = new[]
            {
                new { name = "林水根", role = "department", organisation = "嘉善县水利局" },
                new { name = "沈阿大", role = "village-representative", organisation = "姚庄镇北鹤村" },
            },
        }, Ct)).Expect(HttpStatusCode.OK).Json;
        await WaitForLettersAsync();

        var projectId = done.GetProperty("projectId").GetString()!;
        var letter = (await DocumentsAsync("jx-shuili", projectId)).Single(d =>
            d.GetProperty("document").GetString() == "single-item-acceptance-opinion" && d.GetProperty("number").GetString()!.StartsWith("嘉善县水利局", StringComparison.Ordinal));
        var text = (await PdfTools.RunAsync("pdftotext", await PdfAsync("jx-shuili", letter.GetProperty("issuedDocumentId").GetString()!), Ct))
            .Replace("\n", "", StringComparison.Ordinal);
        Assert.Contains("参加验收人员", text, StringComparison.Ordinal);
        Assert.Contains("沈阿大", text, StringComparison.Ordinal);
        Assert.Contains("村民（群众）代表", text, StringComparison.Ordinal);
        Assert.Contains("沟渠按设计建成", text, StringComparison.Ordinal);
        Assert.Contains("新增耕地面积12.5亩", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anyone_can_verify_a_letter_and_a_changed_byte_is_not_issued()
    {
        await WaitForLettersAsync();
        var document = await InDbAsync(db => db.IssuedDocuments.AsNoTracking().OrderBy(d => d.IssuedAt).FirstAsync(Ct));
        using var anonymous = Factory.CreateClient();

        async Task<JsonElement> VerifyAsync(byte[] file)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "letter.pdf" } };
            using var response = await anonymous.PostAsync("/public/verify", form, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
        }

        var genuine = await VerifyAsync(document.Content);
        var changed = document.Content.ToArray();
        changed[changed.Length / 2] ^= 0x01;
        var forged = await VerifyAsync(changed);
        var page = await anonymous.GetStringAsync($"/public/verify/{document.Id}", Ct);

        Assert.True(genuine.GetProperty("issued").GetBoolean());
        Assert.Equal(document.Number, genuine.GetProperty("number").GetString());
        Assert.False(forged.GetProperty("issued").GetBoolean());
        Assert.Contains(document.Number, page, StringComparison.Ordinal);
        Assert.Contains(document.Sha256.Trim(), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_document_kind_of_the_demo_projects_renders_with_embedded_subset_fonts_and_its_text()
    {
        await WaitForLettersAsync();
        var documents = await InDbAsync(db => db.IssuedDocuments.AsNoTracking().OrderBy(d => d.IssuedAt).ThenBy(d => d.Serial).ToListAsync(Ct));
        var kinds = documents.GroupBy(d => d.Document).ToDictionary(g => g.Key, g => g.First());

        Assert.Equal(
            ["approval-decision", "combined-review-opinion", "consent-resolution", "department-confirmation-letter", "overall-acceptance-opinion",
             "permanent-farmland-publication", "single-item-acceptance-opinion", "site-survey-opinion"],
            kinds.Keys.Order(StringComparer.Ordinal));
        foreach (var (kind, document) in kinds)
        {
            var fonts = await PdfTools.RunAsync("pdffonts", document.Content, Ct);
            var info = await PdfTools.RunAsync("pdfinfo", document.Content, Ct);
            var text = await TextAsync(document);

            Assert.Contains("CID TrueType", fonts, StringComparison.Ordinal);
            Assert.DoesNotContain(" no ", fonts.Split('\n').Skip(2).FirstOrDefault() ?? " no ", StringComparison.Ordinal);
            Assert.Matches(@"Pages:\s+[1-9]", info);
            Assert.Contains(document.Number, text, StringComparison.Ordinal);
            Assert.True(text.Contains(kind switch
            {
                "department-confirmation-letter" => "在建子项目",
                "combined-review-opinion" => "联合审查",
                "single-item-acceptance-opinion" => "单项验收",
                "overall-acceptance-opinion" => "整体验收",
                "approval-decision" => "批复",
                "site-survey-opinion" => "实地踏勘",
                "permanent-farmland-publication" => "特此公告",
                _ => "表决",
            }, StringComparison.Ordinal), $"{kind}: {text}");
            if (kind.EndsWith("acceptance-opinion", StringComparison.Ordinal))
            {
                // The demo acceptances record their participants, a villagers' representative among them.
                Assert.Contains("参加验收人员", text, StringComparison.Ordinal);
                Assert.Contains("顾雪芳", text, StringComparison.Ordinal);
                Assert.Contains("村民（群众）代表", text, StringComparison.Ordinal);
            }
        }
    }
}
