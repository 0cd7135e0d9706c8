using Approvals.Persistence.Attachments;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Batches;
using Approvals.Persistence.Consent;
using Approvals.Persistence.Conventions;
using Approvals.Persistence.Documents;
using Approvals.Persistence.Idempotency;
using Approvals.Persistence.Monitoring;
using Approvals.Persistence.Notifications;
using Approvals.Persistence.Organisations;
using Approvals.Persistence.Outbox;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Security;
using Approvals.Persistence.Webhooks;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence;

/// <summary>
/// The service's one database context. The schema is owned by the versioned SQL scripts in
/// <c>Migrations/</c>; this model must describe exactly what they build (a test per provider checks it).
/// </summary>
public sealed class ApprovalsDbContext(DbContextOptions<ApprovalsDbContext> options) : DbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<PublishedDefinition> Definitions => Set<PublishedDefinition>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();

    public DbSet<TimerRow> Timers => Set<TimerRow>();

    public DbSet<BookmarkRow> Bookmarks => Set<BookmarkRow>();

    public DbSet<LetterRequest> LetterRequests => Set<LetterRequest>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<UserAccount> Users => Set<UserAccount>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectVillage> ProjectVillages => Set<ProjectVillage>();

    public DbSet<ProjectSubProject> ProjectSubProjects => Set<ProjectSubProject>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Batch> Batches => Set<Batch>();

    public DbSet<BatchMember> BatchMembers => Set<BatchMember>();

    public DbSet<ConsentMeeting> ConsentMeetings => Set<ConsentMeeting>();

    public DbSet<WrittenVoteRecord> WrittenVotes => Set<WrittenVoteRecord>();

    public DbSet<WrittenBallot> WrittenBallots => Set<WrittenBallot>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<TaskReminder> TaskReminders => Set<TaskReminder>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<IssuedDocument> IssuedDocuments => Set<IssuedDocument>();

    public DbSet<DocumentCounter> DocumentCounters => Set<DocumentCounter>();

    public DbSet<RankingSnapshot> RankingSnapshots => Set<RankingSnapshot>();

    public DbSet<TaskTally> TaskTallies => Set<TaskTally>();

    public DbSet<StepDurationTally> StepDurationTallies => Set<StepDurationTally>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMicrosecondsConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcNormalizingConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApprovalsDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }
}
