namespace Approvals.IntegrationTests.Messaging;

/// <summary>
/// Test classes whose service nodes connect to the one test broker. Their nodes would compete for the same queues
/// (approvals-notifications takes every department message), so a message one test's node relayed could be
/// consumed by another test's node and land in that test's database. They run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedBroker
{
    public const string Name = "the shared RabbitMQ broker";
}
