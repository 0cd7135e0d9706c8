using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Workflows;

/// <summary>
/// A timer to fire at <see cref="DueAt"/>. A node claims due rows for a short lease; firing marks the row in
/// the same transaction as the step it causes. A node that dies lets its lease run out for another to take.
/// </summary>
public sealed class TimerRow
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public required string Kind { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public int ActivityId { get; set; }

    public Guid? TaskId { get; set; }

    /// <summary>pending, fired or cancelled.</summary>
    public required string Status { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? FiredAt { get; set; }
}

/// <summary>The values of <see cref="TimerRow.Status"/>.</summary>
public static class TimerRowStatus
{
    public const string Pending = "pending";
    public const string Fired = "fired";
    public const string Cancelled = "cancelled";
}

internal sealed class TimerRowConfiguration : IEntityTypeConfiguration<TimerRow>
{
    public void Configure(EntityTypeBuilder<TimerRow> builder)
    {
        builder.ToTable("workflow_timers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasMaxLength(30);
        builder.Property(t => t.Status).HasMaxLength(20);
        builder.Property(t => t.LeaseOwner).HasMaxLength(200);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);

        // What is due: pending rows in due order.
        builder.HasIndex(t => new { t.Status, t.DueAt });
    }
}
