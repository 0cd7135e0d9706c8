using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Monitoring;

/// <summary>
/// A ranking (赛马晾晒) of a closed period as first published: kept so that it never changes afterwards, whatever
/// is corrected in the tasks later. One per jurisdiction, dimension and period.
/// </summary>
public sealed class RankingSnapshot
{
    public Guid Id { get; set; }

    /// <summary>The jurisdiction ranked: the county or city code of the office that asked.</summary>
    public required string Scope { get; set; }

    /// <summary>department or county.</summary>
    public required string Dimension { get; set; }

    /// <summary>2026-10 (a month), 2026-Q4 (a quarter) or 2026 (a year).</summary>
    public required string Period { get; set; }

    /// <summary>The ranked rows as JSON, as they were answered when the period was frozen.</summary>
    public required string Rows { get; set; }

    public DateTimeOffset FrozenAt { get; set; }
}

internal sealed class RankingSnapshotConfiguration : IEntityTypeConfiguration<RankingSnapshot>
{
    public void Configure(EntityTypeBuilder<RankingSnapshot> builder)
    {
        builder.ToTable("ranking_snapshots");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Scope).HasMaxLength(100);
        builder.Property(r => r.Dimension).HasMaxLength(20);
        builder.Property(r => r.Period).HasMaxLength(10);
        builder.HasIndex(r => new { r.Scope, r.Dimension, r.Period }).IsUnique();
    }
}
