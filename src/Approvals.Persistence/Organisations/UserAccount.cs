using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Organisations;

/// <summary>A person who signs in: one organisation, some roles, a hashed password (never the password).</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public required string OrganisationId { get; set; }

    /// <summary>Comma-separated: clerk, manager, recorder, applicant, admin.</summary>
    public required string Roles { get; set; }

    public required string PasswordHash { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.UserName).HasMaxLength(100);
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.OrganisationId).HasMaxLength(100);
        builder.Property(u => u.Roles).HasMaxLength(200);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.UserName).IsUnique();
    }
}
