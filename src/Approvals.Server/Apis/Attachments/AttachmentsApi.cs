using System.Globalization;
using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Attachments;
using Approvals.Server.Access;
using Approvals.Server.Attachments;
using Approvals.Server.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Attachments;

/// <summary>
/// Projects' files: materials, meeting minutes, opinions. Anyone who can see a project may file and read its attachments;
/// anyone else is told 403 and nothing more (404 only says there is no such project or attachment at all).
/// </summary>
public static class AttachmentsApi
{
    /// <summary>Room in an upload's body for the multipart framing and the small fields around the file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetService<AttachmentOptions>()
            ?? throw new InvalidOperationException($"Call {nameof(AttachmentServiceCollectionExtensions.AddApprovalsAttachments)} before {nameof(MapAttachmentsApi)}.");
        var group = app.MapGroup("/api").WithTags("Attachments").RequireAuthorization();

        // The form is read part by part from the body (no form binding, so no antiforgery token is involved): the file
        // streams into the store and is cut off at the limit. Cookie clients are protected by the SameSite=Lax cookie and
        // by the Idempotency-Key header every command needs, which a cross-site form cannot send.
        group.MapPost("/projects/{projectId:guid}/attachments", UploadAsync)
            .RequireIdempotencyKey()
            .WithMetadata(new RequestBodyLimit(options.MaxBytes + FormOverheadBytes))
            .Accepts<AttachmentUploadForm>("multipart/form-data")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UploadAttachment")
            .WithSummary("File an attachment with a project (multipart/form-data: file, purpose, material). The type is decided from the content: "
                + "PDF, JPEG, PNG, OFD, .docx, .xlsx. 413 over the size limit, 422 for another type. Recorded in the project's audit chain. "
                + "A command: send an Idempotency-Key.");

        group.MapGet("/projects/{projectId:guid}/attachments", ListAsync)
            .WithName("ProjectAttachments")
            .WithSummary("A project's attachments (what they are, not their bytes), oldest first. 403 outside one's scope.");

        group.MapGet("/attachments/{id:guid}", GetAsync)
            .WithName("Attachment")
            .WithSummary("One attachment: what it is, who filed it, its size and SHA-256. 403 outside one's scope.");

        group.MapGet("/attachments/{id:guid}/content", ContentAsync)
            .Produces(StatusCodes.Status200OK, typeof(Stream), FileTypes.Pdf.ContentType, [.. FileTypes.All.Skip(1).Select(t => t.ContentType)])
            .WithName("AttachmentContent")
            .WithSummary("An attachment's bytes, as filed: its type, its file name (Content-Disposition), its SHA-256 as the ETag. "
                + "The bytes are checked against the SHA-256 before they are served. 403 outside one's scope.");

        return app;
    }

    private static async Task<Results<Created<AttachmentInfo>, ValidationProblem, ProblemHttpResult, NotFound, ForbidHttpResult>> UploadAsync(
        Guid projectId, HttpRequest request, ClaimsPrincipal user, ProjectAccess projects, AttachmentStore store, AttachmentFiling filing,
        CancellationToken cancellationToken)
    {
        // Who may, before a byte of the file is read.
        var access = await projects.CheckAsync(projectId, user, cancellationToken);
        if (access.Granted is not { } caller)
        {
            return access.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        await using var form = await UploadForm.ReadAsync(request, store, cancellationToken);
        if (form.TooLarge)
        {
            return TooLarge(store.Options.MaxBytes);
        }

        if (form.Malformed is { } malformed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [malformed] });
        }

        var type = form.Check(store.Options);
        if (form.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(form.Errors);
        }

        if (type is null)
        {
            var accepted = string.Join("、", FileTypes.All.Where(t => store.Options.AllowedTypes.Contains(t.Key)).Select(t => t.Key.ToUpperInvariant()));
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["file"] = [$"不接受这种文件；可上传的类型：{accepted}（按文件内容判断，而非文件名或 Content-Type）"],
            })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "文件类型不被接受",
            });
        }

        // Another change to the project took the same place in its audit chain (or edited it) at this moment. Nothing
        // was filed; the same request, with the same Idempotency-Key, can simply be sent again.
        return await filing.FileAsync(projectId, form, type, caller, cancellationToken) is { } row
            ? TypedResults.Created($"/api/attachments/{row.Id}", ToInfo(row))
            : TypedResults.Problem("项目同时有其他办理，本次上传未保存；请重新提交", statusCode: StatusCodes.Status409Conflict, title: "办理冲突");
    }

    private static async Task<Results<Ok<IReadOnlyList<AttachmentInfo>>, NotFound, ForbidHttpResult>> ListAsync(
        Guid projectId, ClaimsPrincipal user, ProjectAccess projects, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var access = await projects.CheckAsync(projectId, user, cancellationToken);
        if (access.Granted is null)
        {
            return access.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        IReadOnlyList<AttachmentInfo> items = await db.Attachments.AsNoTracking().Where(a => a.ProjectId == projectId)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .Select(Info)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<AttachmentInfo>, NotFound, ForbidHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, ProjectAccess projects, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var info = await db.Attachments.AsNoTracking().Where(a => a.Id == id).Select(Info).FirstOrDefaultAsync(cancellationToken);
        if (info is null)
        {
            return TypedResults.NotFound();
        }

        // Outside one's scope the answer says nothing about the file, not even its name.
        return (await projects.CheckAsync(info.ProjectId, user, cancellationToken)).Granted is null ? TypedResults.Forbid() : TypedResults.Ok(info);
    }

    private static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, NotFound, ForbidHttpResult>> ContentAsync(
        Guid id, HttpContext context, ClaimsPrincipal user, ProjectAccess projects, ApprovalsDbContext db, AttachmentStore store, CancellationToken cancellationToken)
    {
        var row = await db.Attachments.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.ProjectId, a.FileName, a.ContentType, a.Size, a.Sha256, a.Storage })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        if ((await projects.CheckAsync(row.ProjectId, user, cancellationToken)).Granted is null)
        {
            return TypedResults.Forbid();
        }

        return await AttachmentContent.ServeAsync(context, db, store, new StoredAttachment(id, row.Storage, row.Sha256.Trim(), row.Size), row.ContentType, row.FileName, cancellationToken);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Attachment, AttachmentInfo>> Info = a =>
        new AttachmentInfo(a.Id, a.ProjectId, a.TaskId, a.Purpose, a.Material, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, a.UploadedBy);

    private static AttachmentInfo ToInfo(Attachment a) =>
        new(a.Id, a.ProjectId, a.TaskId, a.Purpose, a.Material, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, a.UploadedBy);

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["file"] = [$"文件超过上限 {Size(maxBytes)}"],
        })
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "文件过大",
        });

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
        : bytes >= 1024 ? (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KiB" : bytes + " 字节";

    /// <summary>The endpoint's own request body limit, in place of the server's default.</summary>
    private sealed class RequestBodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
