using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Workflows;

/// <summary>Where an instance waits for something from outside: a village's vote, a batch, new figures for a gate.</summary>
public sealed class BookmarkRow
{
    public Guid InstanceId { get; set; }

    public required string Kind { get; set; }

    public required string Key { get; set; }

    public int ActivityId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class BookmarkRowConfiguration : IEntityTypeConfiguration<BookmarkRow>
{
    public void Configure(EntityTypeBuilder<BookmarkRow> builder)
    {
        builder.ToTable("workflow_bookmarks");
        builder.HasKey(b => new { b.InstanceId, b.Kind, b.Key, b.ActivityId });
        builder.Property(b => b.Kind).HasMaxLength(20);
        builder.Property(b => b.Key).HasMaxLength(200);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(b => b.InstanceId).OnDelete(DeleteBehavior.Cascade);

        // Who waits for this village's vote, or for this office's batch.
        builder.HasIndex(b => new { b.Kind, b.Key });
    }
}
