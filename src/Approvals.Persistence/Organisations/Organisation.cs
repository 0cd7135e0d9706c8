using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Organisations;

/// <summary>
/// An organisation users belong to. Places (province → city → county → town → village) are identified by their
/// administrative code; a body of a place by <c>code/kind</c>, e.g. <c>330421/natural-resources</c> (嘉善县自然资源
/// 和规划局) or <c>330421102201/village-committee</c>, which is how the engine addresses tasks.
/// </summary>
public sealed class Organisation
{
    public required string Id { get; set; }

    /// <summary>province, city, county, town, village, department, village-committee, collective-economic-organisation, implementing-entity.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }

    public string? ParentId { get; set; }

    /// <summary>The administrative code of the place it belongs to (its own code for a place).</summary>
    public required string Jurisdiction { get; set; }

    /// <summary>For a department: its catalogue code (natural-resources, leading-group-office …).</summary>
    public string? DepartmentCode { get; set; }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasMaxLength(100);
        builder.Property(o => o.Kind).HasMaxLength(40);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.ParentId).HasMaxLength(100);
        builder.Property(o => o.Jurisdiction).HasMaxLength(20);
        builder.Property(o => o.DepartmentCode).HasMaxLength(50);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.Jurisdiction, o.Kind });
    }
}
