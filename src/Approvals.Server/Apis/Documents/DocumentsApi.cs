using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Approvals.Persistence;
using Approvals.Persistence.Documents;
using Approvals.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Documents;

public sealed record IssuedDocumentView(
    Guid Id, string Document, string Number, string Title, string IssuerId, string ProjectId, string? ItemKey, string Sha256, long Size, DateTimeOffset IssuedAt);

/// <summary>Whether a file (or a SHA-256) is a letter this service issued, and which.</summary>
public sealed record Verification(bool Issued, string Sha256, Guid? DocumentId, string? Number, string? Title, string? Issuer, string? ProjectName, DateTimeOffset? IssuedAt);

/// <summary>
/// Issued letters: their metadata and bytes (the same bytes forever) for those who can see the project, and a
/// public verification that anyone holding a letter — or scanning its QR code — can use.
/// </summary>
public static class DocumentsApi
{
    public const long MaxVerifiedFile = 20 * 1024 * 1024;

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/documents").WithTags("Documents").RequireAuthorization();
        group.MapGet("/{documentId:guid}", GetAsync).WithName("GetDocument").WithSummary("An issued letter's number, title, issuer, project and SHA-256.");
        group.MapGet("/{documentId:guid}/content", ContentAsync).WithName("GetDocumentContent").WithSummary("The issued letter's PDF: the same bytes every time.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");

        app.MapGet("/public/verify/{documentId:guid}", PageAsync).AllowAnonymous().WithTags("Documents").WithName("VerificationPage")
            .WithSummary("Public: the page a letter's QR code opens — was this letter issued, by whom, for which project, with which SHA-256.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        app.MapPost("/public/verify", VerifyAsync).AllowAnonymous().WithTags("Documents").WithName("VerifyDocument")
            .WithSummary("Public: send a file (multipart `file`) or its SHA-256 (form field `sha256`); answers whether this service issued it, and which letter it is. A changed byte is not issued.")
            .Accepts<IFormFile>("multipart/form-data").DisableAntiforgery();
        return app;
    }

    private static async Task<Access<IssuedDocument>> FindAsync(Guid id, ClaimsPrincipal user, ApprovalsDbContext db, ProjectAccess projects, CancellationToken cancellationToken)
    {
        var document = await db.IssuedDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null)
        {
            return Access<IssuedDocument>.NotFound;
        }

        // A letter is seen by whoever sees its project; one whose project is gone, by nobody.
        return Guid.TryParse(document.ProjectId, out var projectId) && (await projects.CheckAsync(projectId, user, cancellationToken)).Granted is not null
            ? Access<IssuedDocument>.Grant(document)
            : Access<IssuedDocument>.Forbidden;
    }

    private static IssuedDocumentView View(IssuedDocument d) => new(d.Id, d.Document, d.Number, d.Title, d.IssuerId, d.ProjectId, d.ItemKey, d.Sha256.Trim(), d.Size, d.IssuedAt);

    private static async Task<Results<Ok<IssuedDocumentView>, NotFound, ForbidHttpResult>> GetAsync(
        Guid documentId, ClaimsPrincipal user, ApprovalsDbContext db, ProjectAccess projects, CancellationToken cancellationToken)
    {
        var found = await FindAsync(documentId, user, db, projects, cancellationToken);
        if (found.Granted is not { } document)
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        return TypedResults.Ok(View(document));
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult>> ContentAsync(
        Guid documentId, ClaimsPrincipal user, ApprovalsDbContext db, ProjectAccess projects, CancellationToken cancellationToken)
    {
        var found = await FindAsync(documentId, user, db, projects, cancellationToken);
        if (found.Granted is not { } document)
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        return TypedResults.File(document.Content, "application/pdf", $"{document.Number}.pdf", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{document.Sha256.Trim()}\""));
    }

    private static async Task<Results<Ok<Verification>, ProblemHttpResult>> VerifyAsync(HttpRequest request, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return ApiProblems.Field("file", "请以表单上传文件（file）或填写其 SHA-256（sha256）");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        string sha;
        if (form.Files.GetFile("file") is { } file)
        {
            if (file.Length > MaxVerifiedFile)
            {
                return ApiProblems.Field("file", "文件过大");
            }

            await using var stream = file.OpenReadStream();
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        else if (form["sha256"].ToString() is { Length: 64 } text && text.All(Uri.IsHexDigit))
        {
            sha = text.ToLowerInvariant();
        }
        else
        {
            return ApiProblems.Field("file", "请上传文件（file），或填写64位十六进制的 SHA-256（sha256）");
        }

        var found = await db.IssuedDocuments.AsNoTracking().Where(d => d.Sha256 == sha)
            .Select(d => new { d.Id, d.Number, d.Title, d.IssuerId, d.ProjectId, d.IssuedAt }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return TypedResults.Ok(new Verification(false, sha, null, null, null, null, null, null));
        }

        var issuer = await db.Organisations.AsNoTracking().Where(o => o.Id == found.IssuerId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
        var project = await db.Instances.AsNoTracking().Where(i => i.ProjectId == found.ProjectId).Select(i => i.ProjectName).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(new Verification(true, sha, found.Id, found.Number, found.Title, issuer ?? found.IssuerId, project, found.IssuedAt));
    }

    private static async Task<IResult> PageAsync(Guid documentId, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var d = await db.IssuedDocuments.AsNoTracking().Where(x => x.Id == documentId)
            .Select(x => new { x.Number, x.Title, x.IssuerId, x.ProjectId, x.Sha256, x.IssuedAt }).FirstOrDefaultAsync(cancellationToken);
        var html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        if (d is null)
        {
            return Results.Content("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>文书核验</title></head><body><h1>未查到此文书</h1><p>本系统未出具编号为此的文书。</p></body></html>",
                "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var issuer = await db.Organisations.AsNoTracking().Where(o => o.Id == d.IssuerId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken) ?? d.IssuerId;
        var project = await db.Instances.AsNoTracking().Where(i => i.ProjectId == d.ProjectId).Select(i => i.ProjectName).FirstOrDefaultAsync(cancellationToken) ?? d.ProjectId;
        var date = Approvals.Engine.Calendar.ChinaStandardTime.DateOf(d.IssuedAt);
        return Results.Content(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>文书核验</title></head><body>" +
            $"<h1>此文书由本系统出具</h1><dl><dt>文号</dt><dd>{html.Encode(d.Number)}</dd><dt>标题</dt><dd>{html.Encode(d.Title)}</dd><dt>出具单位</dt><dd>{html.Encode(issuer)}</dd>" +
            $"<dt>项目</dt><dd>{html.Encode(project)}</dd><dt>出具日期</dt><dd>{Approvals.Engine.Calendar.ChinaStandardTime.Written(date)}</dd><dt>SHA-256</dt><dd><code>{d.Sha256.Trim()}</code></dd></dl>" +
            "<p>核对所持文件：计算其 SHA-256 与上值一致，或将文件提交至 <code>POST /public/verify</code>。</p></body></html>",
            "text/html; charset=utf-8");
    }
}
