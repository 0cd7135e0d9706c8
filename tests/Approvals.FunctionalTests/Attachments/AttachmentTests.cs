using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Approvals.Persistence;
using Approvals.Persistence.Organisations;
using Approvals.Persistence.Projects;
using Approvals.Server.Attachments;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Attachments;

/// <summary>
/// Attachments over HTTP on the embedded default: filing a project's files, reading them back as filed, the limits
/// on size and type, folder storage, and scope (403 without a word about the file, 401 without signing in).
/// </summary>
public sealed class AttachmentTests
{
    /// <summary>A user of Shaoxing's natural-resources bureau: a department, but of another city than the project's.</summary>
    private const string Outsider = "sx-ziranziyuan";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    [Fact]
    public async Task A_pdf_is_filed_and_comes_back_byte_identical_with_its_name_type_and_sha256()
    {
        await using var service = await Service.StartAsync();
        var content = PdfOf(5000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));

        using var upload = await service.UploadAsync("yaozhuang", content, "村民会议纪要（北鹤村）.pdf", "minutes");
        var created = await JsonAsync(upload);
        var id = created.GetProperty("id").GetGuid();
        using var download = await service.GetAsync("beihe", $"/api/attachments/{id}/content");
        var bytes = await download.Content.ReadAsByteArrayAsync(Ct);
        using var metadata = await service.GetAsync("jx-nongye", $"/api/attachments/{id}");
        using var list = await service.GetAsync("jx-nongye", $"/api/projects/{service.ProjectId}/attachments");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal($"/api/attachments/{id}", upload.Headers.Location?.OriginalString);
        Assert.Equal(service.ProjectId, created.GetProperty("projectId").GetGuid());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("taskId").ValueKind);
        Assert.Equal("minutes", created.GetProperty("purpose").GetString());
        Assert.Equal("村民会议纪要（北鹤村）.pdf", created.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", created.GetProperty("contentType").GetString()); // not the octet-stream the client claimed
        Assert.Equal(content.Length, created.GetProperty("size").GetInt64());
        Assert.Equal(sha256, created.GetProperty("sha256").GetString());
        Assert.Equal("yaozhuang", created.GetProperty("uploadedBy").GetString());

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, bytes);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("村民会议纪要（北鹤村）.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal($"\"{sha256}\"", download.Headers.ETag?.Tag);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal(sha256, (await JsonAsync(metadata)).GetProperty("sha256").GetString());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal([id], (await JsonAsync(list)).EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));

        // Filing it is in the project's audit chain, with the hash of what was filed.
        var audit = await service.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .SingleAsync(r => r.Stream == Approvals.Engine.Runtime.AuditStreams.Project(service.ProjectId) && r.Action == "attachment.uploaded", Ct));
        Assert.Equal(("yaozhuang", "村民会议纪要（北鹤村）.pdf"), (audit.Actor, audit.Subject));
        Assert.Contains(sha256, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_holding_the_bytes_gets_304_for_its_etag()
    {
        await using var service = await Service.StartAsync();
        using var upload = await service.UploadAsync("yaozhuang", Pdf, "plan.pdf", "material", material: "实施方案");
        var created = await JsonAsync(upload);

        using var request = await service.RequestAsync("yaozhuang", HttpMethod.Get, $"/api/attachments/{created.GetProperty("id").GetGuid()}/content");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{created.GetProperty("sha256").GetString()}\""));
        using var response = await service.Client.SendAsync(request, Ct);

        Assert.Equal("实施方案", created.GetProperty("material").GetString());
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_answer_and_files_one_attachment()
    {
        await using var service = await Service.StartAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await service.UploadAsync("yaozhuang", Pdf, "opinion.pdf", "opinion", key: key);
        using var second = await service.UploadAsync("yaozhuang", Pdf, "opinion.pdf", "opinion", key: key);
        var firstId = (await JsonAsync(first)).GetProperty("id").GetGuid();
        var secondId = (await JsonAsync(second)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstId, secondId);
        Assert.Equal(1, await service.CountAttachmentsAsync());
        Assert.Equal(1, await service.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "attachment.uploaded", Ct)));
    }

    [Fact]
    public async Task A_type_the_content_does_not_show_is_refused_naming_the_file_whatever_the_client_claims()
    {
        await using var service = await Service.StartAsync();
        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. new byte[200]];
        var text = Encoding.UTF8.GetBytes("这不是PDF，只是一段文字。");
        var plainZip = Zip(("readme.txt", "hello"));

        using var exe = await service.UploadAsync("yaozhuang", executable, "setup.exe", "other", contentType: "application/pdf");
        using var txt = await service.UploadAsync("yaozhuang", text, "note.pdf", "other", contentType: "application/pdf");
        using var zip = await service.UploadAsync("yaozhuang", plainZip, "archive.docx", "other");

        foreach (var response in new[] { exe, txt, zip })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("file", out _));
        }

        Assert.Equal(0, await service.CountAttachmentsAsync());
    }

    [Fact]
    public async Task Office_documents_are_recognised_from_their_package_and_named_by_their_type()
    {
        await using var service = await Service.StartAsync();
        var docx = Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));
        var xlsx = Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"));
        var ofd = Zip(("OFD.xml", "<ofd:OFD/>"), ("Doc_0/Document.xml", "<ofd:Document/>"));
        var macros = Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"), ("word/vbaProject.bin", "macro"));

        var word = await JsonAsync(await service.UploadAsync("yaozhuang", docx, "意见.docx", "opinion"));
        var sheet = await JsonAsync(await service.UploadAsync("yaozhuang", xlsx, "台账", "material"));
        var signed = await JsonAsync(await service.UploadAsync("yaozhuang", ofd, "批复.ofd", "other"));
        using var withMacros = await service.UploadAsync("yaozhuang", macros, "意见.docx", "opinion");

        Assert.Equal(("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "意见.docx"),
            (word.GetProperty("contentType").GetString(), word.GetProperty("fileName").GetString()));
        Assert.Equal(("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "台账.xlsx"),
            (sheet.GetProperty("contentType").GetString(), sheet.GetProperty("fileName").GetString()));
        Assert.Equal("application/ofd", signed.GetProperty("contentType").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withMacros.StatusCode);
    }

    [Fact]
    public async Task Bad_fields_are_a_400_naming_each_field()
    {
        await using var service = await Service.StartAsync();

        using var noFile = await service.SendFormAsync("yaozhuang", form => form.Add(new StringContent("minutes"), "purpose"));
        using var badPurpose = await service.UploadAsync("yaozhuang", Pdf, "a.pdf", "gossip");
        using var noPurpose = await service.SendFormAsync("yaozhuang", form => form.Add(File(Pdf), "file", "a.pdf"));
        using var materialOfOpinion = await service.UploadAsync("yaozhuang", Pdf, "a.pdf", "opinion", material: "实施方案");
        using var notAForm = await service.SendAsync("yaozhuang", HttpMethod.Post, $"/api/projects/{service.ProjectId}/attachments",
            JsonContent.Create(new { purpose = "minutes" }), Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.True((await ErrorsAsync(noFile)).TryGetProperty("file", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badPurpose.StatusCode);
        Assert.True((await ErrorsAsync(badPurpose)).TryGetProperty("purpose", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.True((await ErrorsAsync(noPurpose)).TryGetProperty("purpose", out _));
        Assert.Equal(HttpStatusCode.BadRequest, materialOfOpinion.StatusCode);
        Assert.True((await ErrorsAsync(materialOfOpinion)).TryGetProperty("material", out _));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notAForm.StatusCode); // the endpoint accepts multipart/form-data only
        Assert.Equal(0, await service.CountAttachmentsAsync());
    }

    [Fact]
    public async Task A_form_cut_off_before_its_end_is_a_400_naming_the_file_and_files_nothing()
    {
        await using var service = await Service.StartAsync();
        var whole = await Form(File(Pdf, "application/pdf"), "a.pdf", "material", null).ReadAsByteArrayAsync(Ct);
        var auditBefore = await service.WithDbAsync(db => db.AuditRecords.CountAsync(Ct));

        // Cut in the file and in the last field: a connection lost, a client that sent less than it framed.
        var inTheFile = new ByteArrayContent(whole[..(whole.Length / 2)]);
        var inTheLastField = new ByteArrayContent(whole[..(whole.Length - 30)]);
        foreach (var cut in new[] { inTheFile, inTheLastField })
        {
            cut.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=attachment-tests-boundary");
        }

        using var cutInTheFile = await service.SendAsync("yaozhuang", HttpMethod.Post, $"/api/projects/{service.ProjectId}/attachments", inTheFile, Guid.NewGuid().ToString());
        using var cutInTheLastField = await service.SendAsync("yaozhuang", HttpMethod.Post, $"/api/projects/{service.ProjectId}/attachments", inTheLastField, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, cutInTheFile.StatusCode);
        Assert.True((await ErrorsAsync(cutInTheFile)).TryGetProperty("file", out _));
        Assert.Equal(HttpStatusCode.BadRequest, cutInTheLastField.StatusCode);
        Assert.True((await ErrorsAsync(cutInTheLastField)).TryGetProperty("file", out _));
        Assert.Equal(0, await service.CountAttachmentsAsync());
        Assert.Equal(auditBefore, await service.WithDbAsync(db => db.AuditRecords.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_a_413_naming_the_file_and_files_nothing()
    {
        await using var service = await Service.StartAsync(new() { [AttachmentOptions.MaxBytesKey] = "1024" });

        using var tooLarge = await service.UploadAsync("yaozhuang", PdfOf(1025), "big.pdf", "material");
        using var atTheLimit = await service.UploadAsync("yaozhuang", PdfOf(1024), "fits.pdf", "material");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.True((await ErrorsAsync(tooLarge)).TryGetProperty("file", out _));
        Assert.Equal(HttpStatusCode.Created, atTheLimit.StatusCode);
        Assert.Equal(1, await service.CountAttachmentsAsync());
    }

    [Fact]
    public async Task Types_narrowed_by_configuration_refuse_the_others_naming_the_file_and_what_is_accepted()
    {
        await using var service = await Service.StartAsync(new() { [AttachmentOptions.AllowedTypesKey] = "pdf" });
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[64]];

        using var photo = await service.UploadAsync("yaozhuang", png, "现场照片.png", "other");
        using var pdf = await service.UploadAsync("yaozhuang", PdfOf(500), "材料.pdf", "material");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, photo.StatusCode);
        var refusal = (await JsonAsync(photo)).GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.EndsWith("可上传的类型：PDF（按文件内容判断，而非文件名或 Content-Type）", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, pdf.StatusCode);
        Assert.Equal(1, await service.CountAttachmentsAsync());
    }

    [Fact]
    public async Task With_a_folder_the_file_is_kept_there_named_by_its_hash_served_from_it_and_checked()
    {
        using var folder = new TempDirectory();
        await using var service = await Service.StartAsync(new() { [AttachmentOptions.FolderKey] = folder.Path });
        var content = PdfOf(3000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));

        var first = await JsonAsync(await service.UploadAsync("yaozhuang", content, "a.pdf", "material"));
        var again = await JsonAsync(await service.UploadAsync("jx-nongye", content, "b.pdf", "opinion"));
        var files = Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories);
        using var download = await service.GetAsync("beihe", $"/api/attachments/{first.GetProperty("id").GetGuid()}/content");
        var served = await download.Content.ReadAsByteArrayAsync(Ct);
        var row = await service.WithDbAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.Id == first.GetProperty("id").GetGuid(), Ct));

        // The same bytes filed twice are two attachments and one file, named by the hash, nothing left half-written.
        Assert.Equal(sha256, again.GetProperty("sha256").GetString());
        Assert.Equal(Path.Combine(folder.Path, sha256[..2], sha256), Assert.Single(files));
        Assert.Equal(content, await System.IO.File.ReadAllBytesAsync(files[0], Ct));
        Assert.Equal("folder", row.Storage);
        Assert.Null(row.Content);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, served);

        // A file changed behind the service's back is not served.
        await System.IO.File.WriteAllBytesAsync(files[0], PdfOf(3000, filler: 'x'), Ct);
        using var tampered = await service.GetAsync("beihe", $"/api/attachments/{first.GetProperty("id").GetGuid()}/content");
        Assert.Equal(HttpStatusCode.InternalServerError, tampered.StatusCode);
        Assert.DoesNotContain("%PDF", await tampered.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_ones_scope_every_endpoint_answers_403_and_says_nothing_about_the_file()
    {
        await using var service = await Service.StartAsync();
        var created = await JsonAsync(await service.UploadAsync("yaozhuang", Pdf, "秘密的批复意见.pdf", "opinion"));
        var id = created.GetProperty("id").GetGuid();

        foreach (var user in new[] { Outsider, "taoyuan" })
        {
            using var metadata = await service.GetAsync(user, $"/api/attachments/{id}");
            using var content = await service.GetAsync(user, $"/api/attachments/{id}/content");
            using var list = await service.GetAsync(user, $"/api/projects/{service.ProjectId}/attachments");
            using var upload = await service.UploadAsync(user, Pdf, "x.pdf", "other");
            foreach (var response in new[] { metadata, content, list, upload })
            {
                var body = await response.Content.ReadAsStringAsync(Ct);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.DoesNotContain("秘密", body, StringComparison.Ordinal);
                Assert.DoesNotContain(created.GetProperty("sha256").GetString()!, body, StringComparison.Ordinal);
                Assert.DoesNotContain("%PDF", body, StringComparison.Ordinal);
            }
        }

        Assert.Equal(1, await service.CountAttachmentsAsync());
    }

    [Fact]
    public async Task Missing_projects_and_attachments_are_404_and_without_signing_in_401()
    {
        await using var service = await Service.StartAsync();
        var id = (await JsonAsync(await service.UploadAsync("yaozhuang", Pdf, "a.pdf", "other"))).GetProperty("id").GetGuid();

        using var noProject = await service.UploadAsync("yaozhuang", Pdf, "a.pdf", "other", projectId: Guid.NewGuid());
        using var noProjectList = await service.GetAsync("yaozhuang", $"/api/projects/{Guid.NewGuid()}/attachments");
        using var noAttachment = await service.GetAsync("yaozhuang", $"/api/attachments/{Guid.NewGuid()}/content");
        using var anonymousGet = await service.Client.GetAsync($"/api/attachments/{id}/content", Ct);
        using var anonymousList = await service.Client.GetAsync($"/api/projects/{service.ProjectId}/attachments", Ct);
        using var anonymousForm = Form(File(Pdf), "a.pdf", "other", null);
        using var anonymousPost = await service.Client.PostAsync($"/api/projects/{service.ProjectId}/attachments", anonymousForm, Ct);

        Assert.Equal(HttpStatusCode.NotFound, noProject.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noProjectList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noAttachment.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousGet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousPost.StatusCode);
        Assert.Equal(1, await service.CountAttachmentsAsync());
    }

    [Fact]
    public async Task Links_check_that_attachments_belong_to_the_project_and_file_them_with_a_task()
    {
        await using var service = await Service.StartAsync();
        var other = await service.AddProjectAsync("另一个项目");
        var mine = (await JsonAsync(await service.UploadAsync("yaozhuang", Pdf, "a.pdf", "opinion"))).GetProperty("id").GetGuid();
        var theirs = (await JsonAsync(await service.UploadAsync("yaozhuang", Pdf, "b.pdf", "opinion", projectId: other))).GetProperty("id").GetGuid();
        var unknown = Guid.NewGuid();
        var task = Guid.NewGuid();

        var refused = await service.WithDbAsync(db => AttachmentLinks.CheckAsync(db, service.ProjectId, [mine, theirs, unknown], Ct));
        var fine = await service.WithDbAsync(db => AttachmentLinks.CheckAsync(db, service.ProjectId, [mine], Ct));
        var elsewhere = await service.WithDbAsync(async db =>
        {
            var result = await AttachmentLinks.LinkToTaskAsync(db, [mine], task, Ct);
            await db.SaveChangesAsync(Ct);
            return result;
        });
        using var metadata = await service.GetAsync("yaozhuang", $"/api/attachments/{mine}");
        using var content = await service.GetAsync("yaozhuang", $"/api/attachments/{mine}/content");

        Assert.Equal(new[] { theirs, unknown }.Order(), refused.Order());
        Assert.Empty(fine);
        Assert.Empty(elsewhere);
        Assert.Equal(task, (await JsonAsync(metadata)).GetProperty("taskId").GetGuid());
        Assert.Equal(Pdf, await content.Content.ReadAsByteArrayAsync(Ct)); // linking left the bytes alone
    }

    [Fact]
    public async Task The_api_document_shows_the_upload_form_and_the_metadata()
    {
        await using var service = await Service.StartAsync();

        var document = await service.Client.GetStringAsync("/openapi/v1.json", Ct);
        var paths = JsonDocument.Parse(document).RootElement.GetProperty("paths");
        var upload = paths.GetProperty("/api/projects/{projectId}/attachments").GetProperty("post");

        Assert.Equal("UploadAttachment", upload.GetProperty("operationId").GetString());
        Assert.True(upload.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(upload.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(upload.GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(paths.GetProperty("/api/attachments/{id}/content").GetProperty("get").GetProperty("responses").TryGetProperty("200", out _));
        Assert.Contains("\"AttachmentInfo\"", document, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response) => (await JsonAsync(response)).GetProperty("errors");

    /// <summary>A PDF of exactly <paramref name="size"/> bytes.</summary>
    private static byte[] PdfOf(int size, char filler = '%')
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)filler);
        Pdf.AsSpan(0, Math.Min(Pdf.Length, size)).CopyTo(bytes);
        "%PDF-"u8.CopyTo(bytes);
        return bytes;
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }

    private static ByteArrayContent File(byte[] bytes, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    /// <summary>The same fields always make the same body (a fixed boundary), as a client retrying a request sends.</summary>
    private static MultipartFormDataContent Form(ByteArrayContent file, string fileName, string purpose, string? material)
    {
        var form = new MultipartFormDataContent("attachment-tests-boundary")
        {
            { file, "file", fileName },
            { new StringContent(purpose), "purpose" },
        };
        if (material is not null)
        {
            form.Add(new StringContent(material), "material");
        }

        return form;
    }

    /// <summary>The service with the demo users, a Jiaxing project in 嘉善县姚庄镇 touching 北鹤村, and one outsider.</summary>
    private sealed class Service : IAsyncDisposable
    {
        private readonly Dictionary<string, string> _tokens = [];

        private Service(ApprovalsWebFactory factory)
        {
            Factory = factory;
            Client = factory.CreateClient();
        }

        public ApprovalsWebFactory Factory { get; }

        public HttpClient Client { get; }

        public Guid ProjectId { get; private set; }

        public static async Task<Service> StartAsync(Dictionary<string, string?>? settings = null)
        {
            var service = new Service(new ApprovalsWebFactory(settings));
            service.ProjectId = await service.AddProjectAsync("姚庄镇北鹤片区全域土地综合整治项目");
            await service.WithDbAsync(async db =>
            {
                var hasher = service.Factory.Services.GetRequiredService<IPasswordHasher<UserAccount>>();
                var user = new UserAccount
                {
                    Id = Guid.CreateVersion7(), UserName = Outsider, DisplayName = "绍兴市自然资源和规划局 经办人", OrganisationId = "330600/natural-resources",
                    Roles = "clerk", PasswordHash = "", CreatedAt = DateTimeOffset.UtcNow,
                };
                user.PasswordHash = hasher.HashPassword(user, DemoData.Password);
                db.Users.Add(user);
                return await db.SaveChangesAsync(Ct);
            });
            return service;
        }

        public Task<Guid> AddProjectAsync(string name) => WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var project = new Project
            {
                Id = Guid.CreateVersion7(), Name = name, DefinitionId = "jiaxing",
                ProvinceCode = "330000", CityCode = "330400", CountyCode = "330421", TownCode = "330421102",
                ImplementingEntityId = "330421102/implementing-entity", Area = 1200m, Status = "draft",
                Facts = "{}", Materials = "[]", CreatedBy = "yaozhuang", CreatedAt = now, UpdatedAt = now, AuditHead = new string('0', 64),
                Villages = [new ProjectVillage { Code = "330421102201", Name = "北鹤村", Electorate = 1500, Households = 520 }],
            };
            db.Projects.Add(project);
            await db.SaveChangesAsync(Ct);
            return project.Id;
        });

        public async Task<T> WithDbAsync<T>(Func<ApprovalsDbContext, Task<T>> work)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>());
        }

        public Task<int> CountAttachmentsAsync() => WithDbAsync(db => db.Attachments.CountAsync(Ct));

        public async Task<HttpRequestMessage> RequestAsync(string userName, HttpMethod method, string path)
        {
            if (!_tokens.TryGetValue(userName, out var token))
            {
                using var response = await Client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoData.Password }, Ct);
                response.EnsureSuccessStatusCode();
                token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("accessToken").GetString()!;
                _tokens[userName] = token;
            }

            return new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        }

        public async Task<HttpResponseMessage> GetAsync(string userName, string path)
        {
            using var request = await RequestAsync(userName, HttpMethod.Get, path);
            return await Client.SendAsync(request, Ct);
        }

        public async Task<HttpResponseMessage> SendAsync(string userName, HttpMethod method, string path, HttpContent content, string idempotencyKey)
        {
            using var request = await RequestAsync(userName, method, path);
            request.Content = content;
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await Client.SendAsync(request, Ct);
        }

        public Task<HttpResponseMessage> UploadAsync(
            string userName, byte[] bytes, string fileName, string purpose, string? material = null, string? key = null,
            string contentType = "application/octet-stream", Guid? projectId = null) =>
            SendAsync(userName, HttpMethod.Post, $"/api/projects/{projectId ?? ProjectId}/attachments",
                Form(File(bytes, contentType), fileName, purpose, material), key ?? Guid.NewGuid().ToString());

        public Task<HttpResponseMessage> SendFormAsync(string userName, Action<MultipartFormDataContent> fill)
        {
            var form = new MultipartFormDataContent();
            fill(form);
            return SendAsync(userName, HttpMethod.Post, $"/api/projects/{ProjectId}/attachments", form, Guid.NewGuid().ToString());
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
