using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Audit;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("audit_records");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.Stream).HasMaxLength(100);
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.Subject).HasMaxLength(200);
        builder.Property(a => a.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.Hash).HasMaxLength(64).IsFixedLength();

        // One position per record in its chain: two writers can never both append record n.
        builder.HasIndex(a => new { a.Stream, a.Sequence }).IsUnique();
    }
}
