using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Webhooks;

/// <summary>An organisation's outbound webhook: its messages are also POSTed there, signed with its secret.</summary>
public sealed class Webhook
{
    public required string OrganisationId { get; set; }

    public required string Url { get; set; }

    /// <summary>The HMAC-SHA256 key the receiver checks signatures with.</summary>
    public required string Secret { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Attempts before a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One message on its way to one webhook: pending (with its next attempt), delivered, or dead (for an operator to replay).</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public required string OrganisationId { get; set; }

    public required string Url { get; set; }

    public required string Body { get; set; }

    /// <summary>pending, delivered or dead.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset AvailableAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.HasKey(w => w.OrganisationId);
        builder.Property(w => w.OrganisationId).HasMaxLength(100);
        builder.Property(w => w.Url).HasMaxLength(500);
        builder.Property(w => w.Secret).HasMaxLength(200);
        builder.Property(w => w.UpdatedBy).HasMaxLength(200);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(w => w.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.OrganisationId).HasMaxLength(100);
        builder.Property(d => d.Url).HasMaxLength(500);
        builder.Property(d => d.Status).HasMaxLength(20);
        builder.Property(d => d.LeaseOwner).HasMaxLength(200);

        // One delivery per message and organisation, however often the message arrives.
        builder.HasIndex(d => new { d.MessageId, d.OrganisationId }).IsUnique();

        // The sender's question (what is pending and due) and the operator's (what is dead, per organisation).
        builder.HasIndex(d => new { d.Status, d.AvailableAt });
        builder.HasIndex(d => new { d.OrganisationId, d.Status });
    }
}
