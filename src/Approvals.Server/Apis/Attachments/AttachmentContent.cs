using Approvals.Persistence;
using Approvals.Server.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Approvals.Server.Apis.Attachments;

/// <summary>
/// Serving an attachment's bytes: never sniffed or run by the browser, revalidated every time, its SHA-256 as the
/// ETag (a client holding these bytes gets 304 without them being read again), checked against that hash before a
/// byte is sent, ranges allowed.
/// </summary>
internal static class AttachmentContent
{
    public static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, NotFound, ForbidHttpResult>> ServeAsync(
        HttpContext context, ApprovalsDbContext db, AttachmentStore store, StoredAttachment stored, string contentType, string fileName, CancellationToken cancellationToken)
    {
        var etag = new EntityTagHeaderValue($"\"{stored.Sha256}\"");
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-cache";

        if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var known) && known.Any(k => k.Compare(etag, useStrongComparison: false) || k.Equals(EntityTagHeaderValue.Any)))
        {
            headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var content = await store.OpenAsync(db, stored, cancellationToken);
        return TypedResults.File(content, contentType, fileName, entityTag: etag, enableRangeProcessing: true);
    }
}
