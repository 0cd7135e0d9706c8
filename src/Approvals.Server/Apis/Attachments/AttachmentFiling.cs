using System.Globalization;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Attachments;
using Approvals.Persistence.Audit;
using Approvals.Server.Attachments;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Attachments;

/// <summary>
/// Files a received upload with its project: the bytes kept by the store, the row, and a record on the project's own
/// audit chain (who filed what, with the bytes' hash), saved together.
/// </summary>
internal sealed class AttachmentFiling(ApprovalsDbContext db, AttachmentStore store, WriteGate gate, TimeProvider time)
{
    /// <summary>The attachment as filed; null when another change to the project took the same place in its audit chain at this moment (nothing was filed).</summary>
    public async Task<Attachment?> FileAsync(Guid projectId, UploadForm form, FileType type, Caller caller, CancellationToken cancellationToken)
    {
        var row = new Attachment
        {
            Id = Guid.CreateVersion7(), ProjectId = projectId, Purpose = form.Purpose!, Material = form.Material,
            FileName = FileNames.Safe(form.FileName, type), ContentType = type.ContentType, Sha256 = "", Storage = "",
            UploadedBy = caller.Actor, UploadedAt = time.GetUtcNow(),
        };
        await store.KeepAsync(form.File!, row, cancellationToken);
        db.Attachments.Add(row);

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
            return null;
        }

        return row;
    }
}
