using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Workflows;

/// <summary>A document a step asked to issue; rendered and numbered off the request path.</summary>
public sealed class LetterRequest
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public int ActivityId { get; set; }

    public required string Document { get; set; }

    public required string IssuerKind { get; set; }

    public required string IssuerCode { get; set; }

    public required string IssuerJurisdiction { get; set; }

    public string? ItemKey { get; set; }

    public string? ItemName { get; set; }

    /// <summary>requested, then issued once rendered.</summary>
    public required string Status { get; set; }

    public DateTimeOffset RequestedAt { get; set; }
}

internal sealed class LetterRequestConfiguration : IEntityTypeConfiguration<LetterRequest>
{
    public void Configure(EntityTypeBuilder<LetterRequest> builder)
    {
        builder.ToTable("letter_requests");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Document).HasMaxLength(100);
        builder.Property(l => l.IssuerKind).HasMaxLength(20);
        builder.Property(l => l.IssuerCode).HasMaxLength(100);
        builder.Property(l => l.IssuerJurisdiction).HasMaxLength(100);
        builder.Property(l => l.ItemKey).HasMaxLength(100);
        builder.Property(l => l.ItemName).HasMaxLength(200);
        builder.Property(l => l.Status).HasMaxLength(20);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(l => l.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.Status, l.RequestedAt });
    }
}
