using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Batches;

/// <summary>
/// A higher office's batch (the city's 统一验收 of projects reported in batches): opened with the projects
/// waiting for it, closed with a decision for each (passed, to rectify, failed: Jiaxing 四.(四)).
/// </summary>
public sealed class Batch
{
    public Guid Id { get; set; }

    /// <summary>The catalogue's batch kind, e.g. city-unified-acceptance.</summary>
    public required string Kind { get; set; }

    /// <summary>The administrative code of the office that runs it.</summary>
    public required string OfficeJurisdiction { get; set; }

    /// <summary>What the office calls it, e.g. 2026年第2批; unique per office and kind.</summary>
    public required string Reference { get; set; }

    /// <summary>open or closed.</summary>
    public required string Status { get; set; }

    /// <summary>True when every member passed, false when every member failed; null while open or when the decisions differ.</summary>
    public bool? Approved { get; set; }

    public string? Opinion { get; set; }

    public required string OpenedBy { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public int Version { get; set; }

    public List<BatchMember> Members { get; set; } = [];
}

public sealed class BatchMember
{
    public Guid BatchId { get; set; }

    public Guid InstanceId { get; set; }

    /// <summary>passed, rectify or failed once the batch closed (<see cref="BatchMemberDecision"/>); null while it is open.</summary>
    public string? Decision { get; set; }

    /// <summary>The batch's opinion on this project (what to rectify, why it failed).</summary>
    public string? Opinion { get; set; }
}

/// <summary>The values of <see cref="BatchMember.Decision"/>.</summary>
public static class BatchMemberDecision
{
    public const string Passed = "passed";
    public const string Rectify = "rectify";
    public const string Failed = "failed";
}

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> builder)
    {
        builder.ToTable("batches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Kind).HasMaxLength(50);
        builder.Property(b => b.OfficeJurisdiction).HasMaxLength(12);
        builder.Property(b => b.Reference).HasMaxLength(100);
        builder.Property(b => b.Status).HasMaxLength(20);
        builder.Property(b => b.OpenedBy).HasMaxLength(200);
        builder.Property(b => b.ClosedBy).HasMaxLength(200);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasMany(b => b.Members).WithOne().HasForeignKey(m => m.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.Kind, b.OfficeJurisdiction, b.Reference }).IsUnique();
    }
}

internal sealed class BatchMemberConfiguration : IEntityTypeConfiguration<BatchMember>
{
    public void Configure(EntityTypeBuilder<BatchMember> builder)
    {
        builder.ToTable("batch_members");
        builder.HasKey(m => new { m.BatchId, m.InstanceId });
        builder.HasOne<Workflows.InstanceRecord>().WithMany().HasForeignKey(m => m.InstanceId).OnDelete(DeleteBehavior.Cascade);

        builder.Property(m => m.Decision).HasMaxLength(20);

        // A project is in one open batch at a time; one sent back to rectify joins a later batch.
        builder.HasIndex(m => m.InstanceId).IsUnique().HasFilter("decision IS NULL");
    }
}
