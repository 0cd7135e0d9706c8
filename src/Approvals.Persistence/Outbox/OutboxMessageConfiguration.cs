using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MessageType).HasMaxLength(200);
        builder.Property(m => m.LeaseOwner).HasMaxLength(200);

        // The relay's question: what is unsent and due? Sent rows drop out of this index's useful range.
        builder.HasIndex(m => new { m.SentAt, m.AvailableAt });
    }
}
