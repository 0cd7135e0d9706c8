using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Documents;

/// <summary>
/// A letter the service issued: its bytes, kept unchanged forever, with their SHA-256 and the number the issuer
/// gave it. One per letter request, so issuing again finds it instead of making a second.
/// </summary>
public sealed class IssuedDocument
{
    public Guid Id { get; set; }

    public Guid LetterRequestId { get; set; }

    /// <summary>The catalogue's document code, e.g. department-confirmation-letter.</summary>
    public required string Document { get; set; }

    /// <summary>The issuing organisation's id.</summary>
    public required string IssuerId { get; set; }

    public int Year { get; set; }

    public int Serial { get; set; }

    /// <summary>The 发文字号 as printed, e.g. 嘉善县农业农村局〔2026〕12号.</summary>
    public required string Number { get; set; }

    public required string Title { get; set; }

    public required string ProjectId { get; set; }

    public Guid InstanceId { get; set; }

    public string? ItemKey { get; set; }

    public required byte[] Content { get; set; }

    public required string Sha256 { get; set; }

    public long Size { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}

/// <summary>An issuer's next serial number in a year: taken under a row lock in the issuing transaction, so numbers have no gaps and no repeats.</summary>
public sealed class DocumentCounter
{
    public required string IssuerId { get; set; }

    public int Year { get; set; }

    public int NextSerial { get; set; }
}

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocument>
{
    public void Configure(EntityTypeBuilder<IssuedDocument> builder)
    {
        builder.ToTable("issued_documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Document).HasMaxLength(100);
        builder.Property(d => d.IssuerId).HasMaxLength(100);
        builder.Property(d => d.Number).HasMaxLength(150);
        builder.Property(d => d.Title).HasMaxLength(300);
        builder.Property(d => d.ProjectId).HasMaxLength(100);
        builder.Property(d => d.ItemKey).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(d => d.LetterRequestId).IsUnique();
        builder.HasIndex(d => new { d.IssuerId, d.Year, d.Serial }).IsUnique();
        builder.HasIndex(d => d.Sha256);
        builder.HasIndex(d => d.ProjectId);
    }
}

internal sealed class DocumentCounterConfiguration : IEntityTypeConfiguration<DocumentCounter>
{
    public void Configure(EntityTypeBuilder<DocumentCounter> builder)
    {
        builder.ToTable("document_counters");
        builder.HasKey(c => new { c.IssuerId, c.Year });
        builder.Property(c => c.IssuerId).HasMaxLength(100);
    }
}
