using Approvals.Persistence.Audit;
using Approvals.Persistence.Conventions;
using Approvals.Persistence.Outbox;
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
