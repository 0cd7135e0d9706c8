using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
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
        var documents = await InDbAsync(db => db.IssuedDocuments.AsNoTracking().ToListAsync(Ct));
        var kinds = documents.GroupBy(d => d.Document).ToDictionary(g => g.Key, g => g.First());

        Assert.Equal(
            ["combined-review-opinion", "consent-resolution", "department-confirmation-letter", "overall-acceptance-opinion", "single-item-acceptance-opinion"],
            kinds.Keys.Order(StringComparer.Ordinal));
        foreach (var (kind, document) in kinds)
        {
            var fonts = await PdfTools.RunAsync("pdffonts", document.Content, Ct);
            var info = await PdfTools.RunAsync("pdfinfo", document.Content, Ct);
            var text = (await PdfTools.RunAsync("pdftotext", document.Content, Ct)).Replace("\n", "", StringComparison.Ordinal);

            Assert.Contains("CID TrueType", fonts, StringComparison.Ordinal);
            Assert.DoesNotContain(" no ", fonts.Split('\n').Skip(2).FirstOrDefault() ?? " no ", StringComparison.Ordinal);
            Assert.Matches(@"Pages:\s+[1-9]", info);
            Assert.Contains(document.Number, text, StringComparison.Ordinal);
            Assert.Contains("姚庄镇", text, StringComparison.Ordinal);
            Assert.True(text.Contains(kind switch
            {
                "department-confirmation-letter" => "在建子项目",
                "combined-review-opinion" => "联合审查",
                "single-item-acceptance-opinion" => "单项验收",
                "overall-acceptance-opinion" => "整体验收",
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
