using Approvals.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Workflows;

/// <summary>A human task, as inboxes read it: addressed to a department of a jurisdiction (or a role of an organisation).</summary>
public sealed class TaskRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    /// <summary>
    /// The county and process of the task's instance, copied here when the task opens: the managers' views filter
    /// and group a province's tasks by them without joining each task to its instance.
    /// </summary>
    public string CountyCode { get; set; } = "";

    public string DefinitionId { get; set; } = "";

    public int ActivityId { get; set; }

    public required string StepId { get; set; }

    public required string StepName { get; set; }

    public required string Activity { get; set; }

    public required string AssigneeKind { get; set; }

    public required string AssigneeCode { get; set; }

    public required string AssigneeJurisdiction { get; set; }

    /// <summary>Whom the task is addressed to, as the engine names parties (not a column).</summary>
    public Party Assignee => new(AssigneeKind, AssigneeCode, AssigneeJurisdiction);

    public string? ItemKey { get; set; }

    public string? ItemName { get; set; }

    /// <summary>open, completed or cancelled.</summary>
    public required string Status { get; set; }

    public string? Outcome { get; set; }

    public string? Opinion { get; set; }

    /// <summary>yellow (due soon) or red (overdue), once raised.</summary>
    public string? Warning { get; set; }

    public DateOnly? DueDate { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public bool DueProvisional { get; set; }

    /// <summary>The outcomes this task offers, comma-separated (approve, reject, return).</summary>
    public required string Outcomes { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>Working days from opening to closing, on the statutory calendar (null while open, and for rows closed before it was kept).</summary>
    public int? WorkingDaysTaken { get; set; }

    /// <summary>The version of the project's data the decision was made on (项目数据版本); null while open, or for rows closed before it was kept.</summary>
    public int? ProjectVersion { get; set; }

    /// <summary>The colleague working on it (claimed, or delegated to them): a user id. Null while anyone of the department may.</summary>
    public string? AssignedTo { get; set; }

    public string? AssignedToName { get; set; }

    public DateTimeOffset? AssignedAt { get; set; }
}

/// <summary>The values of <see cref="TaskRecord.Status"/>.</summary>
public static class TaskRowStatus
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}

internal sealed class TaskRecordConfiguration : IEntityTypeConfiguration<TaskRecord>
{
    public void Configure(EntityTypeBuilder<TaskRecord> builder)
    {
        builder.ToTable("workflow_tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.StepId).HasMaxLength(100);
        builder.Property(t => t.StepName).HasMaxLength(200);
        builder.Property(t => t.Activity).HasMaxLength(20);
        builder.Property(t => t.AssigneeKind).HasMaxLength(20);
        builder.Property(t => t.AssigneeCode).HasMaxLength(100);
        builder.Property(t => t.AssigneeJurisdiction).HasMaxLength(100);
        builder.Property(t => t.ItemKey).HasMaxLength(100);
        builder.Property(t => t.ItemName).HasMaxLength(200);
        builder.Property(t => t.Status).HasMaxLength(20);
        builder.Property(t => t.Outcome).HasMaxLength(20);
        builder.Property(t => t.Warning).HasMaxLength(10);
        builder.Property(t => t.Outcomes).HasMaxLength(50);
        builder.Property(t => t.ClosedBy).HasMaxLength(200);
        builder.Property(t => t.AssignedTo).HasMaxLength(100);
        builder.Property(t => t.AssignedToName).HasMaxLength(100);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);

        // The inbox: a department's open tasks in its jurisdiction, soonest due first.
        builder.HasIndex(t => new { t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction, t.Status, t.DueAt });
        builder.HasIndex(t => new { t.InstanceId, t.Status });

        builder.Property(t => t.CountyCode).HasMaxLength(12).HasDefaultValue("");
        builder.Property(t => t.DefinitionId).HasMaxLength(100).HasDefaultValue("");

        // The managers' views read open tasks only, by county: from this index alone (PostgreSQL: an index-only scan of
        // a few tens of thousands of entries for a province), never from the million closed rows. What closed is
        // counted in the monitoring tallies instead.
        builder.HasIndex(t => new { t.CountyCode, t.OpenedAt }, "ix_workflow_tasks_open_county_code_opened_at")
            .HasFilter("status = 'open'")
            .IncludeProperties(t => new
            {
                t.Id, t.InstanceId, t.DefinitionId, t.StepId, t.StepName, t.ItemName, t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction, t.Warning, t.DueAt, t.DueDate,
            });
    }
}
