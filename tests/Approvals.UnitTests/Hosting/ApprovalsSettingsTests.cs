using Approvals.Messaging;
using Approvals.Persistence;
using Approvals.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Approvals.UnitTests.Hosting;

public class ApprovalsSettingsTests
{
    private static ApprovalsSettings Read(params (string Key, string Value)[] values) =>
        ApprovalsSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Without_configuration_the_service_uses_a_sqlite_file_in_the_data_directory_and_the_in_memory_bus()
    {
        var directory = Path.Combine(Path.GetTempPath(), "approvals-tests", Guid.NewGuid().ToString("N"));
        var settings = Read((ApprovalsSettings.DataDirectoryKey, directory));

        Assert.Equal(DatabaseProvider.Sqlite, settings.Database.Provider);
        Assert.Contains(Path.Combine(directory, "approvals.db"), settings.Database.ConnectionString, StringComparison.Ordinal);
        Assert.True(Directory.Exists(directory), "the data directory is created");
        Assert.True(settings.Database.MigrateAtStart);
        Assert.Equal(BusTransport.InMemory, settings.Bus.Transport);
        Directory.Delete(directory);
    }

    [Fact]
    public void Server_mode_is_chosen_by_configuration()
    {
        var settings = Read(
            (ApprovalsSettings.ProviderKey, "postgresql"),
            (ApprovalsSettings.DatabaseConnectionKey, "Host=db;Database=approvals;Username=approvals;Password=pw"),
            (ApprovalsSettings.TransportKey, "RabbitMQ"),
            (ApprovalsSettings.RabbitMqConnectionKey, "amqp://approvals:secret@broker:5672/"));

        Assert.Equal(DatabaseProvider.PostgreSql, settings.Database.Provider);
        Assert.Equal(BusTransport.RabbitMq, settings.Bus.Transport);
        Assert.Equal("broker", settings.Bus.RabbitMqUri!.Host);
        Assert.DoesNotContain("secret", settings.Bus.DisplayAddress, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApprovalsSettings.ProviderKey, "Oracle", "Approvals:Database:Provider is 'Oracle'")]
    [InlineData(ApprovalsSettings.TransportKey, "Kafka", "Approvals:Bus:Transport is 'Kafka'")]
    [InlineData(ApprovalsSettings.MigrateAtStartKey, "sometimes", "Approvals:Database:MigrateAtStart is 'sometimes'")]
    public void An_unknown_value_is_rejected_naming_the_key_and_the_value(string key, string value, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((key, value)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_is_rejected_naming_the_missing_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((ApprovalsSettings.ProviderKey, "PostgreSQL")));
        Assert.Contains("ConnectionStrings:Approvals is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_the_driver_cannot_parse_is_rejected_before_start()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(
            (ApprovalsSettings.ProviderKey, "PostgreSQL"),
            (ApprovalsSettings.DatabaseConnectionKey, "Hots=db")));
        Assert.Contains("not a valid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "ConnectionStrings:RabbitMQ is required")]
    [InlineData("http://broker:5672/", "must be an amqp:// or amqps:// URI")]
    [InlineData("not a uri", "must be an amqp:// or amqps:// URI")]
    public void RabbitMQ_needs_an_amqp_uri(string? uri, string expected)
    {
        var values = new List<(string, string)> { (ApprovalsSettings.TransportKey, "RabbitMQ") };
        if (uri is not null)
        {
            values.Add((ApprovalsSettings.RabbitMqConnectionKey, uri));
        }

        var error = Assert.Throws<ConfigurationException>(() => Read([.. values]));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_users_come_with_the_embedded_default_and_are_refused_in_server_mode()
    {
        var directory = Path.Combine(Path.GetTempPath(), "approvals-tests", Guid.NewGuid().ToString("N"));
        Assert.True(Read((ApprovalsSettings.DataDirectoryKey, directory)).Demo);
        Assert.False(Read((ApprovalsSettings.ProviderKey, "PostgreSQL"), (ApprovalsSettings.DatabaseConnectionKey, "Host=db")).Demo);

        var error = Assert.Throws<ConfigurationException>(() => Read(
            (ApprovalsSettings.ProviderKey, "PostgreSQL"), (ApprovalsSettings.DatabaseConnectionKey, "Host=db"), (ApprovalsSettings.DemoKey, "true")));
        Assert.Contains("demo users have a published password", error.Message, StringComparison.Ordinal);
        Directory.Delete(directory);
    }
}
