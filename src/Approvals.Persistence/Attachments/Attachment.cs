using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Attachments;

/// <summary>
/// A file a project holds: a material, meeting minutes, an opinion. Its bytes are in <see cref="Content"/>
/// (so a database backup holds them) or in the configured folder under its SHA-256; never both.
/// </summary>
public sealed class Attachment
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    /// <summary>The task it was filed with, if any.</summary>
    public Guid? TaskId { get; set; }

    /// <summary>material, minutes, opinion or other.</summary>
    public required string Purpose { get; set; }

    /// <summary>For a material: which of the required (or deferred) materials it is.</summary>
    public string? Material { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }

    /// <summary>database or folder.</summary>
    public required string Storage { get; set; }

    public byte[]? Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Purpose).HasMaxLength(20);
        builder.Property(a => a.Material).HasMaxLength(200);
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.Storage).HasMaxLength(20);
        builder.Property(a => a.UploadedBy).HasMaxLength(200);
        builder.HasOne<Projects.Project>().WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.ProjectId, a.UploadedAt });
    }
}
