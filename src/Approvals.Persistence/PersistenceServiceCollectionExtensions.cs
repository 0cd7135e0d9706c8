using Approvals.Persistence.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>The database context on the chosen provider, and the schema migrator.</summary>
    public static IServiceCollection AddApprovalsPersistence(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddDbContext<ApprovalsDbContext>(options => options.UseApprovalsDatabase(settings));
        services.AddScoped<SchemaMigrator>();
        return services;
    }

    /// <summary>The one place that knows which EF provider backs which setting.</summary>
    public static DbContextOptionsBuilder UseApprovalsDatabase(this DbContextOptionsBuilder options, DatabaseSettings settings) =>
        settings.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(settings.ConnectionString),
            DatabaseProvider.PostgreSql => options.UseNpgsql(settings.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider."),
        };
}
