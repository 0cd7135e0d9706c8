namespace Approvals.Persistence;

/// <summary>The database could not be reached; the message is one line, with the password redacted.</summary>
public sealed class DatabaseUnavailableException(DatabaseSettings settings, Exception inner)
    : Exception($"Cannot connect to the {settings.Provider.ToConfigName()} database ({settings.DisplayConnectionString}): {Describe(inner)}", inner)
{
    private static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // EF wraps the driver's error in a generic "likely due to a transient failure"; the driver's words say more.
            if (e is InvalidOperationException && e.InnerException is not null)
            {
                continue;
            }

            var line = e.Message.ReplaceLineEndings(" ").Trim();
            if (line.Length > 0 && !messages.Contains(line))
            {
                messages.Add(line);
            }
        }

        return string.Join(" → ", messages);
    }
}
