using System.Net;
using System.Net.Sockets;

namespace Approvals.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ that <c>scripts/test.sh</c> starts on loopback and announces in the
/// environment. Tests that need them fail with this explanation when they are absent, rather than skip.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "APPROVALS_TEST_POSTGRES";
    public const string RabbitMqVariable = "APPROVALS_TEST_RABBITMQ";

    /// <summary>A connection string to the maintenance database, as a superuser that may create databases.</summary>
    public static string PostgresAdmin => Require(PostgresVariable);

    public static Uri RabbitMq => new(Require(RabbitMqVariable));

    /// <summary>A loopback port nothing listens on, to stand for a server that is down.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests with `bash scripts/test.sh`, which starts PostgreSQL and RabbitMQ on loopback and sets it.");
}
