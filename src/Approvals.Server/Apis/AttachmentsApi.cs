using System.Globalization;
using System.Security.Claims;
using System.Text;
using Approvals.Persistence;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Attachments;
using Approvals.Persistence.Audit;
using Approvals.Server.Attachments;
using Approvals.Server.Idempotency;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Approvals.Server.Apis;

public sealed record AttachmentInfo(
    Guid Id, Guid ProjectId, Guid? TaskId, string Purpose, string? Material, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>The upload form (multipart/form-data), for the API document; the endpoint reads the parts as a stream.</summary>
public sealed class AttachmentUploadForm
{
    /// <summary>The file: PDF, JPEG, PNG, OFD, .docx or .xlsx (decided from its content), at most the configured size.</summary>
    public required IFormFile File { get; init; }

    /// <summary>material, minutes, opinion or other.</summary>
    public required string Purpose { get; init; }

    /// <summary>For a material: which required (or deferred) material it is.</summary>
    public string? Material { get; init; }
}

/// <summary>
/// Projects' files: materials, meeting minutes, opinions. Anyone who can see a project may file and read its attachments;
/// anyone else is told 403 and nothing more (404 only says there is no such project or attachment at all).
/// </summary>
public static class AttachmentsApi
{
    public static readonly IReadOnlyList<string> Purposes = ["material", "minutes", "opinion", "other"];

    /// <summary>Room in an upload's body for the multipart framing and the small fields around the file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    private const int MaxFieldBytes = 4096;
    private const int MaxFileNameLength = 255;
    private const int MaxMaterialLength = 200;

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

        group.MapGet("/attachments/{id:guid}", async Task<Results<Ok<AttachmentInfo>, NotFound, ForbidHttpResult>> (
                Guid id, ClaimsPrincipal user, ApprovalsDbContext db, CancellationToken cancellationToken) =>
            {
                var info = await db.Attachments.AsNoTracking().Where(a => a.Id == id).Select(Info).FirstOrDefaultAsync(cancellationToken);
                if (info is null)
                {
                    return TypedResults.NotFound();
                }

                // Outside one's scope the answer says nothing about the file, not even its name.
                if (await AccessAsync(db, user, info.ProjectId, cancellationToken) != Access.Allowed)
                {
                    return TypedResults.Forbid();
                }

                return TypedResults.Ok(info);
            })
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
        Guid projectId, HttpRequest request, ClaimsPrincipal user, ApprovalsDbContext db, AttachmentStore store, WriteGate gate, TimeProvider time,
        CancellationToken cancellationToken)
    {
        // Who may, before a byte of the file is read.
        switch (await AccessAsync(db, user, projectId, cancellationToken))
        {
            case Access.Missing:
                return TypedResults.NotFound();
            case Access.Forbidden:
                return TypedResults.Forbid();
        }

        var caller = Caller.Of(user)!;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Invalid("file", "请以 multipart/form-data 上传文件（字段 file）");
        }

        var errors = new Dictionary<string, string[]>();
        string? purpose = null;
        string? material = null;
        string? fileName = null;
        ReceivedFile? file = null;
        try
        {
            try
            {
                var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                    {
                        case "file" when file is not null:
                            errors["file"] = ["每次只能上传一个文件"];
                            break;
                        case "file":
                            fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                            file = await store.ReceiveAsync(section.Body, cancellationToken);
                            if (file is null)
                            {
                                return TooLarge(store.Options.MaxBytes);
                            }

                            break;
                        case "purpose":
                            purpose = await ReadFieldAsync(section.Body, "purpose", errors, cancellationToken);
                            break;
                        case "material":
                            material = await ReadFieldAsync(section.Body, "material", errors, cancellationToken);
                            break;
                    }
                }
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge(store.Options.MaxBytes);
            }
            catch (InvalidDataException)
            {
                return Invalid("file", "表单格式有误（multipart/form-data 无法读取）");
            }

            var type = store.Options.Accepts(file?.Type);
            if (file is null)
            {
                errors.TryAdd("file", ["请选择要上传的文件"]);
            }
            else if (file.Size == 0)
            {
                errors.TryAdd("file", ["文件是空的"]);
            }

            purpose = purpose?.Trim();
            if (string.IsNullOrEmpty(purpose))
            {
                errors.TryAdd("purpose", [$"请注明用途：{string.Join("、", Purposes)}"]);
            }
            else if (!Purposes.Contains(purpose))
            {
                errors.TryAdd("purpose", [$"用途须为 {string.Join("、", Purposes)} 之一"]);
            }

            material = string.IsNullOrWhiteSpace(material) ? null : material.Trim();
            if (material is not null && purpose is not null && purpose != "material" && Purposes.Contains(purpose))
            {
                errors.TryAdd("material", ["只有用途为 material（申报材料）时才填写材料名称"]);
            }
            else if (material is { Length: > MaxMaterialLength })
            {
                errors.TryAdd("material", [$"材料名称最多{MaxMaterialLength}个字"]);
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
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

            var row = new Attachment
            {
                Id = Guid.CreateVersion7(), ProjectId = projectId, Purpose = purpose!, Material = material,
                FileName = SafeFileName(fileName, type), ContentType = type.ContentType, Sha256 = "", Storage = "",
                UploadedBy = caller.Actor, UploadedAt = time.GetUtcNow(),
            };
            await store.KeepAsync(file!, row, cancellationToken);
            db.Attachments.Add(row);

            // Filing a file is a change to the project: its own audit chain says who filed what, with the bytes' hash.
            var project = await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken);
            AuditTrail.Append(db, project, new Audited(caller.Actor, "attachment.uploaded", row.FileName, null, new Dictionary<string, string?>
            {
                ["attachment"] = row.Id.ToString(),
                ["purpose"] = row.Purpose,
                ["material"] = row.Material,
                ["contentType"] = row.ContentType,
                ["size"] = row.Size.ToString(CultureInfo.InvariantCulture),
                ["sha256"] = row.Sha256,
            }, row.UploadedAt));
            try
            {
                using (await gate.EnterAsync(cancellationToken))
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
            catch (DbUpdateException)
            {
                // Another change to the project took the same place in its audit chain (or edited it) at this moment.
                // Nothing was filed; the same request, with the same Idempotency-Key, can simply be sent again.
                return TypedResults.Problem("项目同时有其他办理，本次上传未保存；请重新提交", statusCode: StatusCodes.Status409Conflict, title: "办理冲突");
            }

            return TypedResults.Created($"/api/attachments/{row.Id}", ToInfo(row));
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<AttachmentInfo>>, NotFound, ForbidHttpResult>> ListAsync(
        Guid projectId, ClaimsPrincipal user, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        switch (await AccessAsync(db, user, projectId, cancellationToken))
        {
            case Access.Missing:
                return TypedResults.NotFound();
            case Access.Forbidden:
                return TypedResults.Forbid();
        }

        IReadOnlyList<AttachmentInfo> items = await db.Attachments.AsNoTracking().Where(a => a.ProjectId == projectId)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .Select(Info)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(items);
    }

    private static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, NotFound, ForbidHttpResult>> ContentAsync(
        Guid id, HttpContext context, ClaimsPrincipal user, ApprovalsDbContext db, AttachmentStore store, CancellationToken cancellationToken)
    {
        var row = await db.Attachments.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.ProjectId, a.FileName, a.ContentType, a.Size, a.Sha256, a.Storage })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        if (await AccessAsync(db, user, row.ProjectId, cancellationToken) != Access.Allowed)
        {
            return TypedResults.Forbid();
        }

        var sha256 = row.Sha256.Trim();
        var etag = new EntityTagHeaderValue($"\"{sha256}\"");
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-cache";

        // A client holding these bytes already need not have them read (and checked) again.
        if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var known) && known.Any(k => k.Compare(etag, useStrongComparison: false) || k.Equals(EntityTagHeaderValue.Any)))
        {
            headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var content = await store.OpenAsync(db, new StoredAttachment(id, row.Storage, sha256, row.Size), cancellationToken);
        return TypedResults.File(content, row.ContentType, row.FileName, entityTag: etag, enableRangeProcessing: true);
    }

    private enum Access
    {
        Allowed,
        Missing,
        Forbidden,
    }

    /// <summary>Whether the project exists and the caller may see it (<see cref="ProjectScope"/>), from its scope columns only.</summary>
    private static async Task<Access> AccessAsync(ApprovalsDbContext db, ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken))
        {
            return Access.Missing;
        }

        return Caller.Of(user) is { } caller && await db.Projects.Where(p => p.Id == projectId).Visible(caller, db).AnyAsync(cancellationToken)
            ? Access.Allowed
            : Access.Forbidden;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Attachment, AttachmentInfo>> Info = a =>
        new AttachmentInfo(a.Id, a.ProjectId, a.TaskId, a.Purpose, a.Material, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, a.UploadedBy);

    private static AttachmentInfo ToInfo(Attachment a) =>
        new(a.Id, a.ProjectId, a.TaskId, a.Purpose, a.Material, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, a.UploadedBy);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

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

    /// <summary>A short text field, read no further than a few kilobytes.</summary>
    private static async Task<string?> ReadFieldAsync(Stream body, string field, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (length > MaxFieldBytes)
        {
            errors[field] = ["内容过长"];
            return null;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>
    /// The client's file name without folders, control or formatting characters (a right-to-left override can disguise
    /// an extension), at most 255 characters, and ending in an extension of the type its content is.
    /// </summary>
    internal static string SafeFileName(string? raw, FileType type)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)]).Trim().Trim('.').Trim();
        if (name.Length == 0)
        {
            name = "attachment";
        }

        var extension = type.Extensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        if (extension is null)
        {
            extension = type.Extensions[0];
            name += extension;
        }

        if (name.Length > MaxFileNameLength)
        {
            var stem = name[..(MaxFileNameLength - extension.Length)];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }

            name = stem + name[^extension.Length..];
        }

        return name;
    }

    /// <summary>The endpoint's own request body limit, in place of the server's default.</summary>
    private sealed class RequestBodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
