namespace Approvals.Persistence.Migrations;

public sealed class SchemaMigrationException(string message, Exception? inner = null) : Exception(message, inner);
