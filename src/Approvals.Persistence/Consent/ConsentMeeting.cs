using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Persistence.Consent;

/// <summary>
/// A village's meeting on the project (村民会议、村民代表会议 …), as its committee recorded it, with the
/// legal evaluation made when it was recorded. A record is corrected only by a new one that supersedes it.
/// </summary>
public sealed class ConsentMeeting
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public required string VillageCode { get; set; }

    /// <summary>The catalogue's consent rule the definition names.</summary>
    public required string Rule { get; set; }

    /// <summary>villagers-meeting, villager-representatives-meeting, household-representatives …: who met.</summary>
    public required string Body { get; set; }

    public DateOnly MeetingDate { get; set; }

    public DateOnly? NoticeDate { get; set; }

    /// <summary>Who could take part: adult villagers, households or members, by the body.</summary>
    public int Electorate { get; set; }

    public int Attendance { get; set; }

    public int Yes { get; set; }

    public int No { get; set; }

    public int Abstain { get; set; }

    /// <summary>总户数 and 到会户数, where the household quorum was used.</summary>
    public int? Households { get; set; }

    public int? HouseholdsRepresented { get; set; }

    /// <summary>Of a representatives' meeting's members (the electorate), how many are village committee members.</summary>
    public int? CommitteeMembers { get; set; }

    /// <summary>Of the yes votes, how many were 村民代表's: what a rule counting 三分之二以上村民代表 counts.</summary>
    public int? RepresentativesYes { get; set; }

    public Guid? MinutesAttachmentId { get; set; }

    public bool Valid { get; set; }

    public bool Passed { get; set; }

    /// <summary>The evaluation in words, with the rule's citation.</summary>
    public required string Summary { get; set; }

    public Guid? SupersedesId { get; set; }

    public string? Reason { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class ConsentMeetingConfiguration : IEntityTypeConfiguration<ConsentMeeting>
{
    public void Configure(EntityTypeBuilder<ConsentMeeting> builder)
    {
        builder.ToTable("consent_meetings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.VillageCode).HasMaxLength(12);
        builder.Property(m => m.Rule).HasMaxLength(50);
        builder.Property(m => m.Body).HasMaxLength(50);
        builder.Property(m => m.RecordedBy).HasMaxLength(200);
        builder.HasOne<Projects.Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.ProjectId, m.VillageCode, m.RecordedAt });
    }
}
