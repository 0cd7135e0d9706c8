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
        // Pooled: a step creates a context, and building one per step costs more than the step's own work.
        // Interceptors registered in the container (diagnostics, fault injection in tests) apply to every context.
        services.AddDbContextPool<ApprovalsDbContext>((provider, options) =>
            options.UseApprovalsDatabase(settings).AddInterceptors(provider.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()));
        services.AddSingleton<WriteGate>();
        services.AddScoped<LeaseClaims>();
        services.AddScoped<SchemaMigrator>();
        return services;
    }

    /// <summary>
    /// The same few statements run for every step; letting Npgsql prepare them saves PostgreSQL parsing and
    /// planning each time. An explicit "Max Auto Prepare" in the connection string is kept.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0 && !connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>The one place that knows which EF provider backs which setting.</summary>
    public static DbContextOptionsBuilder UseApprovalsDatabase(this DbContextOptionsBuilder options, DatabaseSettings settings) =>
        settings.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(settings.ConnectionString),
            DatabaseProvider.PostgreSql => options.UseNpgsql(WithAutoPrepare(settings.ConnectionString)),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider."),
        };
}
