using Approvals.Messaging;
using Approvals.Persistence;

namespace Approvals.Server.Hosting;

/// <summary>
/// The service's settings, read once from configuration (appsettings, environment variables, command line)
/// and checked before anything starts, so that a mistake is reported as one clear line.
/// </summary>
public sealed record ApprovalsSettings(
    string DataDirectory, DatabaseSettings Database, BusSettings Bus, string WorkflowsDirectory, bool Demo = false, bool DemoProjects = false)
{
    public const string DemoKey = "Approvals:Demo";
    public const string DemoProjectsKey = "Approvals:DemoProjects";
    public const string DataDirectoryKey = "Approvals:DataDirectory";
    public const string WorkflowsDirectoryKey = "Approvals:WorkflowsDirectory";
    public const string ProviderKey = "Approvals:Database:Provider";
    public const string MigrateAtStartKey = "Approvals:Database:MigrateAtStart";
    public const string DatabaseConnectionKey = "ConnectionStrings:Approvals";
    public const string TransportKey = "Approvals:Bus:Transport";
    public const string RabbitMqConnectionKey = "ConnectionStrings:RabbitMQ";

    public static ApprovalsSettings From(IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(Value(configuration, DataDirectoryKey) ?? "data");
        var workflows = Path.GetFullPath(Value(configuration, WorkflowsDirectoryKey) ?? Path.Combine(AppContext.BaseDirectory, "workflows"));
        var database = ReadDatabase(configuration, dataDirectory);
        var demo = ReadDemo(configuration, database);
        return new ApprovalsSettings(dataDirectory, database, ReadBus(configuration), workflows, demo, demo && ReadDemoProjects(configuration));
    }

    private static DatabaseSettings ReadDatabase(IConfiguration configuration, string dataDirectory)
    {
        var providerText = Value(configuration, ProviderKey) ?? DatabaseProviderNames.Sqlite;
        if (!DatabaseProviderNames.TryParse(providerText, out var provider))
        {
            throw new ConfigurationException(
                $"{ProviderKey} is '{providerText}', which is not a supported database provider; use {DatabaseProviderNames.Sqlite} or {DatabaseProviderNames.PostgreSql}.");
        }

        var migrateText = Value(configuration, MigrateAtStartKey);
        var migrateAtStart = true;
        if (migrateText is not null && !bool.TryParse(migrateText, out migrateAtStart))
        {
            throw new ConfigurationException($"{MigrateAtStartKey} is '{migrateText}'; use true or false.");
        }

        var connectionString = Value(configuration, DatabaseConnectionKey);
        if (connectionString is null)
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new ConfigurationException($"{DatabaseConnectionKey} is required when {ProviderKey} is {provider.ToConfigName()}.");
            }

            EnsureDirectory(dataDirectory);
            return DatabaseSettings.SqliteFile(Path.Combine(dataDirectory, "approvals.db"), migrateAtStart);
        }

        var settings = new DatabaseSettings(provider, connectionString, migrateAtStart);
        if (settings.ValidateConnectionString() is { } problem)
        {
            throw new ConfigurationException($"{DatabaseConnectionKey} is not a valid {provider.ToConfigName()} connection string: {problem}");
        }

        return settings;
    }

    /// <summary>Demo users have a published password: the embedded default has them, server mode never does.</summary>
    private static bool ReadDemo(IConfiguration configuration, DatabaseSettings database)
    {
        var text = Value(configuration, DemoKey);
        var demo = database.Provider == DatabaseProvider.Sqlite;
        if (text is not null && !bool.TryParse(text, out demo))
        {
            throw new ConfigurationException($"{DemoKey} is '{text}'; use true or false.");
        }

        if (demo && database.Provider != DatabaseProvider.Sqlite)
        {
            throw new ConfigurationException($"{DemoKey} is true, but demo users have a published password and are for the embedded default (SQLite) only.");
        }

        return demo;
    }

    /// <summary>Demo projects come with the demo users unless turned off (tests that count inboxes turn them off).</summary>
    private static bool ReadDemoProjects(IConfiguration configuration)
    {
        var text = Value(configuration, DemoProjectsKey);
        var projects = true;
        if (text is not null && !bool.TryParse(text, out projects))
        {
            throw new ConfigurationException($"{DemoProjectsKey} is '{text}'; use true or false.");
        }

        return projects;
    }

    private static BusSettings ReadBus(IConfiguration configuration)
    {
        var transportText = Value(configuration, TransportKey) ?? BusTransportNames.InMemory;
        if (!BusTransportNames.TryParse(transportText, out var transport))
        {
            throw new ConfigurationException(
                $"{TransportKey} is '{transportText}', which is not a supported bus transport; use {BusTransportNames.InMemory} or {BusTransportNames.RabbitMq}.");
        }

        if (transport == BusTransport.InMemory)
        {
            return BusSettings.InMemory;
        }

        var uriText = Value(configuration, RabbitMqConnectionKey)
            ?? throw new ConfigurationException($"{RabbitMqConnectionKey} is required when {TransportKey} is {BusTransportNames.RabbitMq} (e.g. amqp://user:password@host:5672/).");
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps" or "rabbitmq" or "rabbitmqs"))
        {
            throw new ConfigurationException($"{RabbitMqConnectionKey} must be an amqp:// or amqps:// URI (e.g. amqp://user:password@host:5672/).");
        }

        return new BusSettings(transport, uri);
    }

    private static void EnsureDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{DataDirectoryKey}: cannot create the data directory '{directory}': {ex.Message}");
        }
    }

    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value.Trim() : null;
}
