using System.Data.Common;

namespace Approvals.Persistence;

public static class ConnectionStrings
{
    private static readonly string[] SecretKeys = ["password", "pwd"];

    /// <summary>Replaces secrets so that a connection string can be shown in a log line or an error.</summary>
    public static string Redact(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }

        foreach (var key in builder.Keys.Cast<string>().ToList())
        {
            if (SecretKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                builder[key] = "***";
            }
        }

        return builder.ConnectionString;
    }
}
