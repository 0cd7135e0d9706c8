using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Projects;

/// <summary>
/// A land consolidation project (整治项目): editable while a draft, then run by one workflow instance.
/// Figures and required materials are documents (read whole, never queried); places are columns for scoping.
/// </summary>
public sealed class Project
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The region's definition the project runs on (jiaxing, ningxia …).</summary>
    public required string DefinitionId { get; set; }

    public required string ProvinceCode { get; set; }

    public required string CityCode { get; set; }

    public required string CountyCode { get; set; }

    public required string TownCode { get; set; }

    /// <summary>The organisation that carries it out (实施主体).</summary>
    public required string ImplementingEntityId { get; set; }

    /// <summary>The project area in 亩.</summary>
    public decimal Area { get; set; }

    /// <summary>draft or started.</summary>
    public required string Status { get; set; }

    public Guid? InstanceId { get; set; }

    /// <summary>The figures policy gates check, by catalogue code: {"numbers":{…},"flags":{…}}.</summary>
    public required string Facts { get; set; }

    /// <summary>The materials the project must submit, as a JSON array of names.</summary>
    public required string Materials { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }

    /// <summary>The head of the project's own audit chain (its edits, its start).</summary>
    public required string AuditHead { get; set; }

    public int AuditCount { get; set; }

    public List<ProjectVillage> Villages { get; set; } = [];

    public List<ProjectSubProject> SubProjects { get; set; } = [];
}

/// <summary>An affected village, with the figures its consent vote is counted against.</summary>
public sealed class ProjectVillage
{
    public Guid ProjectId { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Villagers aged 18 and over (村民会议的应到人数).</summary>
    public int Electorate { get; set; }

    public int Households { get; set; }

    /// <summary>Members of the villager representatives' meeting, where there is one.</summary>
    public int? Representatives { get; set; }
}

/// <summary>A sub-project (子项目) from the region's catalogue, with the department responsible for it.</summary>
public sealed class ProjectSubProject
{
    public Guid ProjectId { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public required string DepartmentCode { get; set; }

    /// <summary>in-progress (在建), concurrent (拟同步建设) or not-in-area (不在项目区内开展): the confirmation letter's lists.</summary>
    public required string Plan { get; set; }

    public string? Description { get; set; }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.DefinitionId).HasMaxLength(100);
        builder.Property(p => p.ProvinceCode).HasMaxLength(12);
        builder.Property(p => p.CityCode).HasMaxLength(12);
        builder.Property(p => p.CountyCode).HasMaxLength(12);
        builder.Property(p => p.TownCode).HasMaxLength(12);
        builder.Property(p => p.ImplementingEntityId).HasMaxLength(100);
        builder.Property(p => p.Area).HasPrecision(14, 2);
        builder.Property(p => p.Status).HasMaxLength(20);
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
        builder.Property(p => p.AuditHead).HasMaxLength(64).IsFixedLength();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(p => p.ImplementingEntityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Villages).WithOne().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.SubProjects).WithOne().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);

        // Lists by county and stage; the implementing entity's own projects.
        builder.HasIndex(p => new { p.CountyCode, p.Status });
        builder.HasIndex(p => p.ImplementingEntityId);
    }
}

internal sealed class ProjectVillageConfiguration : IEntityTypeConfiguration<ProjectVillage>
{
    public void Configure(EntityTypeBuilder<ProjectVillage> builder)
    {
        builder.ToTable("project_villages");
        builder.HasKey(v => new { v.ProjectId, v.Code });
        builder.Property(v => v.Code).HasMaxLength(12);
        builder.Property(v => v.Name).HasMaxLength(100);

        // A village committee's projects.
        builder.HasIndex(v => v.Code);
    }
}

internal sealed class ProjectSubProjectConfiguration : IEntityTypeConfiguration<ProjectSubProject>
{
    public void Configure(EntityTypeBuilder<ProjectSubProject> builder)
    {
        builder.ToTable("project_sub_projects");
        builder.HasKey(s => new { s.ProjectId, s.Key });
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.DepartmentCode).HasMaxLength(50);
        builder.Property(s => s.Plan).HasMaxLength(20);
    }
}
