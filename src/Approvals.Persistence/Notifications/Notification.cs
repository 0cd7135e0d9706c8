using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Notifications;

/// <summary>
/// A message delivered to an organisation's in-app notification list. (<see cref="MessageId"/>, recipient) is
/// unique, so a message delivered twice is kept once.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    /// <summary>department or role.</summary>
    public required string RecipientKind { get; set; }

    public required string RecipientCode { get; set; }

    public required string RecipientJurisdiction { get; set; }

    public required string MessageType { get; set; }

    public required string Title { get; set; }

    public required string ProjectId { get; set; }

    public required string ProjectName { get; set; }

    public Guid? TaskId { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The whole message as delivered (JSON).</summary>
    public required string Body { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset DeliveredAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    public string? ReadBy { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.RecipientKind).HasMaxLength(20);
        builder.Property(n => n.RecipientCode).HasMaxLength(100);
        builder.Property(n => n.RecipientJurisdiction).HasMaxLength(100);
        builder.Property(n => n.MessageType).HasMaxLength(200);
        builder.Property(n => n.Title).HasMaxLength(300);
        builder.Property(n => n.ProjectId).HasMaxLength(100);
        builder.Property(n => n.ProjectName).HasMaxLength(200);
        builder.Property(n => n.ReadBy).HasMaxLength(200);

        // One delivery per message and recipient, whatever the broker redelivers.
        builder.HasIndex(n => new { n.MessageId, n.RecipientKind, n.RecipientCode, n.RecipientJurisdiction }).IsUnique();

        // A recipient's list, newest first, and its unread count.
        builder.HasIndex(n => new { n.RecipientKind, n.RecipientCode, n.RecipientJurisdiction, n.OccurredAt });
    }
}
