using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Monitoring;

/// <summary>
/// What one assignee's tasks in one county came to in one month (China Standard Time), kept up as tasks close:
/// the rankings (赛马晾晒) add up a period's months here instead of counting hundreds of thousands of task rows.
/// </summary>
public sealed class TaskTally
{
    /// <summary>yyyy-MM.</summary>
    public required string Month { get; set; }

    public required string CountyCode { get; set; }

    public required string AssigneeKind { get; set; }

    public required string AssigneeCode { get; set; }

    public required string AssigneeJurisdiction { get; set; }

    /// <summary>Tasks completed in the month.</summary>
    public int Completed { get; set; }

    /// <summary>Of those, completed within their time limit (or without one).</summary>
    public int OnTime { get; set; }

    /// <summary>The working days they took, summed over <see cref="Timed"/> of them.</summary>
    public int WorkingDays { get; set; }

    public int Timed { get; set; }

    /// <summary>Of those completed, returned for supplement (退回).</summary>
    public int Returns { get; set; }

    /// <summary>Tasks whose time limit ended in the month and that closed (completed or cancelled) after it.</summary>
    public int Late { get; set; }
}

internal sealed class TaskTallyConfiguration : IEntityTypeConfiguration<TaskTally>
{
    public void Configure(EntityTypeBuilder<TaskTally> builder)
    {
        builder.ToTable("task_tallies");
        builder.HasKey(t => new { t.Month, t.CountyCode, t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction });
        builder.Property(t => t.Month).HasMaxLength(7);
        builder.Property(t => t.CountyCode).HasMaxLength(12);
        builder.Property(t => t.AssigneeKind).HasMaxLength(20);
        builder.Property(t => t.AssigneeCode).HasMaxLength(100);
        builder.Property(t => t.AssigneeJurisdiction).HasMaxLength(100);
    }
}
