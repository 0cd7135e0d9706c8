using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Monitoring;

/// <summary>
/// How many of a step's tasks completed in a month took a given number of working days, within one jurisdiction
/// (a county, and again its city and its province): a histogram whose sum over a period gives exact percentiles,
/// read by the manager's own jurisdiction without adding up every county's rows.
/// </summary>
public sealed class StepDurationTally
{
    /// <summary>A county's, city's or province's code.</summary>
    public required string Jurisdiction { get; set; }

    /// <summary>yyyy-MM.</summary>
    public required string Month { get; set; }

    public required string DefinitionId { get; set; }

    public required string StepId { get; set; }

    public int WorkingDays { get; set; }

    public required string StepName { get; set; }

    public int Tasks { get; set; }
}

internal sealed class StepDurationTallyConfiguration : IEntityTypeConfiguration<StepDurationTally>
{
    public void Configure(EntityTypeBuilder<StepDurationTally> builder)
    {
        builder.ToTable("step_duration_tallies");
        builder.HasKey(t => new { t.Jurisdiction, t.Month, t.DefinitionId, t.StepId, t.WorkingDays });
        builder.Property(t => t.Jurisdiction).HasMaxLength(12);
        builder.Property(t => t.Month).HasMaxLength(7);
        builder.Property(t => t.DefinitionId).HasMaxLength(100);
        builder.Property(t => t.StepId).HasMaxLength(100);
        builder.Property(t => t.StepName).HasMaxLength(200);
    }
}
