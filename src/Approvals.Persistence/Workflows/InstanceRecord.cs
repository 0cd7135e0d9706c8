using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Workflows;

/// <summary>
/// One running (or finished) process. What lists and dashboards need is in columns; the engine's state is
/// the <see cref="State"/> document, read only to run a step. <see cref="Version"/> guards every step.
/// </summary>
public sealed class InstanceRecord
{
    public Guid Id { get; set; }

    public required string DefinitionId { get; set; }

    public int DefinitionVersion { get; set; }

    public required string ProjectId { get; set; }

    public required string ProjectName { get; set; }

    /// <summary>The county the project lies in (行政区划代码), for jurisdiction filters.</summary>
    public required string CountyCode { get; set; }

    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    /// <summary>The names of the steps that run now, as a JSON array (names themselves contain 、).</summary>
    public required string CurrentSteps { get; set; }

    /// <summary>The departments with an open task here (code@jurisdiction, comma-separated): who it waits for.</summary>
    public string CurrentDepartments { get; set; } = "";

    /// <summary>The earliest time limit among open tasks.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public int Version { get; set; }

    /// <summary>The hash of this instance's latest audit record, and how many it has: the head of its chain.</summary>
    public required string AuditHead { get; set; }

    public int AuditCount { get; set; }

    public required string State { get; set; }
}

internal sealed class InstanceRecordConfiguration : IEntityTypeConfiguration<InstanceRecord>
{
    public void Configure(EntityTypeBuilder<InstanceRecord> builder)
    {
        builder.ToTable("workflow_instances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.DefinitionId).HasMaxLength(100);
        builder.Property(i => i.ProjectId).HasMaxLength(100);
        builder.Property(i => i.ProjectName).HasMaxLength(200);
        builder.Property(i => i.CountyCode).HasMaxLength(12);
        builder.Property(i => i.Status).HasMaxLength(20);
        builder.Property(i => i.AuditHead).HasMaxLength(64).IsFixedLength();
        builder.Property(i => i.CurrentDepartments).HasDefaultValue("");
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasOne<PublishedDefinition>().WithMany().HasForeignKey(i => new { i.DefinitionId, i.DefinitionVersion }).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.CountyCode, i.Status, i.NextDueAt });
        builder.HasIndex(i => i.ProjectId);
    }
}
