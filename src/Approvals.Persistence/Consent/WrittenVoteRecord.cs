using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Consent;

/// <summary>
/// A written vote (书面表决) a village committee runs where the rule allows one: opened with who may vote,
/// ballots recorded one by one, closed into a <see cref="ConsentMeeting"/> record with its legal evaluation.
/// </summary>
public sealed class WrittenVoteRecord
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public required string VillageCode { get; set; }

    public required string Rule { get; set; }

    /// <summary>persons or households: what one ballot stands for.</summary>
    public required string Basis { get; set; }

    public DateOnly? NoticeDate { get; set; }

    public int Electorate { get; set; }

    /// <summary>open or closed.</summary>
    public required string Status { get; set; }

    public required string OpenedBy { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The meeting record the vote was closed into.</summary>
    public Guid? MeetingId { get; set; }

    public int Version { get; set; }
}

/// <summary>One written ballot. Member identifiers are personal data: never published.</summary>
public sealed class WrittenBallot
{
    public Guid Id { get; set; }

    public Guid VoteId { get; set; }

    public required string Member { get; set; }

    public required string Household { get; set; }

    /// <summary>yes, no or abstain.</summary>
    public required string Choice { get; set; }

    public string? Proxy { get; set; }

    public string? ProxyHousehold { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class WrittenVoteConfiguration : IEntityTypeConfiguration<WrittenVoteRecord>
{
    public void Configure(EntityTypeBuilder<WrittenVoteRecord> builder)
    {
        builder.ToTable("consent_written_votes");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.VillageCode).HasMaxLength(12);
        builder.Property(v => v.Rule).HasMaxLength(50);
        builder.Property(v => v.Basis).HasMaxLength(20);
        builder.Property(v => v.Status).HasMaxLength(20);
        builder.Property(v => v.OpenedBy).HasMaxLength(200);
        builder.Property(v => v.ClosedBy).HasMaxLength(200);
        builder.Property(v => v.Version).IsConcurrencyToken();
        builder.HasOne<Projects.Project>().WithMany().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.ProjectId, v.VillageCode, v.Status });
    }
}

internal sealed class WrittenBallotConfiguration : IEntityTypeConfiguration<WrittenBallot>
{
    public void Configure(EntityTypeBuilder<WrittenBallot> builder)
    {
        builder.ToTable("consent_ballots");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Member).HasMaxLength(100);
        builder.Property(b => b.Household).HasMaxLength(100);
        builder.Property(b => b.Choice).HasMaxLength(10);
        builder.Property(b => b.Proxy).HasMaxLength(100);
        builder.Property(b => b.ProxyHousehold).HasMaxLength(100);
        builder.Property(b => b.RecordedBy).HasMaxLength(200);
        builder.HasOne<WrittenVoteRecord>().WithMany().HasForeignKey(b => b.VoteId).OnDelete(DeleteBehavior.Cascade);

        // One ballot per member, whatever the race: the database refuses the second.
        builder.HasIndex(b => new { b.VoteId, b.Member }).IsUnique();
        builder.HasIndex(b => new { b.VoteId, b.Household });
    }
}
