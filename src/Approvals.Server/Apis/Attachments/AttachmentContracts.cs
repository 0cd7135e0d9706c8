namespace Approvals.Server.Apis.Attachments;

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
