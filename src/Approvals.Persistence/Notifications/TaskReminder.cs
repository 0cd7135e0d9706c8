using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Notifications;

/// <summary>A manager's reminder (催办) of a task to its department: kept to limit how often one task is reminded.</summary>
public sealed class TaskReminder
{
    public Guid Id { get; set; }

    public Guid TaskId { get; set; }

    public required string SentBy { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public string? Message { get; set; }
}

internal sealed class TaskReminderConfiguration : IEntityTypeConfiguration<TaskReminder>
{
    public void Configure(EntityTypeBuilder<TaskReminder> builder)
    {
        builder.ToTable("task_reminders");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.SentBy).HasMaxLength(200);
        builder.HasOne<Workflows.TaskRecord>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.TaskId, r.SentAt });
    }
}
