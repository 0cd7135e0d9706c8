using Approvals.Persistence;
using Approvals.Persistence.Attachments;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Attachments;

/// <summary>For commands that cite attachments (an opinion with its files, a vote with its minutes).</summary>
public static class AttachmentLinks
{
    /// <summary>
    /// The ids among <paramref name="ids"/> that are not attachments of the project: unknown, or another project's (the
    /// two are not told apart, so a caller learns nothing about other projects). Empty when all of them belong.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> CheckAsync(ApprovalsDbContext db, Guid projectId, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var found = await db.Attachments.AsNoTracking()
            .Where(a => a.ProjectId == projectId && wanted.Contains(a.Id))
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        return [.. wanted.Except(found)];
    }

    /// <summary>
    /// Files the attachments with the task (sets <see cref="Attachment.TaskId"/>); the caller saves, in the transaction of
    /// its command. An attachment already filed with another task keeps it (a task is the one it was filed with); those
    /// ids are returned. Check the ids with <see cref="CheckAsync"/> first: an unknown id throws.
    /// Only the task is marked changed. Rows this loads are tracked without their content (it can be megabytes), so read
    /// bytes through <see cref="AttachmentStore.OpenAsync"/>, never from a tracked row.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> LinkToTaskAsync(ApprovalsDbContext db, IReadOnlyCollection<Guid> ids, Guid taskId, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var rows = db.Attachments.Local.Where(a => wanted.Contains(a.Id)).ToList();
        var toLoad = wanted.Except(rows.Select(a => a.Id)).ToList();
        if (toLoad.Count > 0)
        {
            var loaded = await db.Attachments.AsNoTracking().Where(a => toLoad.Contains(a.Id))
                .Select(a => new Attachment
                {
                    Id = a.Id, ProjectId = a.ProjectId, TaskId = a.TaskId, Purpose = a.Purpose, Material = a.Material, FileName = a.FileName,
                    ContentType = a.ContentType, Size = a.Size, Sha256 = a.Sha256, Storage = a.Storage, Content = null,
                    UploadedBy = a.UploadedBy, UploadedAt = a.UploadedAt,
                })
                .ToListAsync(cancellationToken);
            foreach (var row in loaded)
            {
                db.Attachments.Attach(row);
            }

            rows.AddRange(loaded);
        }

        if (wanted.Except(rows.Select(a => a.Id)).ToList() is { Count: > 0 } unknown)
        {
            throw new InvalidOperationException($"No attachment has the id {string.Join(", ", unknown)}; check the ids with {nameof(AttachmentLinks)}.{nameof(CheckAsync)} first.");
        }

        var elsewhere = new List<Guid>();
        foreach (var row in rows)
        {
            if (row.TaskId is { } other && other != taskId)
            {
                elsewhere.Add(row.Id);
                continue;
            }

            row.TaskId = taskId;
        }

        return elsewhere;
    }
}
