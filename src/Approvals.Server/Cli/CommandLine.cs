namespace Approvals.Server.Cli;

public enum Verb
{
    Serve,
    DbMigrate,
    DbStatus,
    WorkflowsValidate,
    AuditVerify,
    CalendarDue,
    MonitoringGenerate,
    Help,
}

/// <summary>
/// The server's verbs. Anything that is not a verb (e.g. <c>--urls</c>) goes to the host's configuration,
/// so <c>Approvals.Server --urls http://127.0.0.1:8080</c> and <c>Approvals.Server db migrate</c> both work.
/// Verbs that need no host (workflows, calendar) get their own arguments in <see cref="HostArgs"/>.
/// </summary>
public sealed record CommandLine(Verb Verb, string[] HostArgs)
{
    public const string Usage = """
        Usage: Approvals.Server [verb] [--key value ...]

          (no verb)    run the service (configuration: appsettings.json, environment, --key value)
          db migrate   apply the database migrations this build has and exit
          db status    print the database's schema version; exit 1 when migrations are pending
          audit verify recompute every instance's audit hash chain; exit 1 naming the first broken record of each
          workflows validate DIR
                       check the catalogue and every definition in DIR (e.g. workflows); exit 1 on errors
          calendar due --from yyyy-MM-dd --working-days N [--calendar FILE]
                       the due date N working days after a date, on the statutory calendar
          monitoring generate --projects N [--seed S]
                       add a synthetic province's projects (11 department tasks each, over two years) to the
                       configured database, to measure and try the managers' views at scale
          help         this text
        """;

    public static CommandLine Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return args.Any(a => a is "--help" or "-h" or "-?") ? new(Verb.Help, []) : new(Verb.Serve, args);
        }

        return args switch
        {
            ["help", ..] => new(Verb.Help, []),
            ["serve", .. var rest] => new(Verb.Serve, rest),
            ["db", "migrate", .. var rest] => new(Verb.DbMigrate, rest),
            ["db", "status", .. var rest] => new(Verb.DbStatus, rest),
            ["audit", "verify", .. var rest] => new(Verb.AuditVerify, rest),
            ["workflows", "validate", var directory] => new(Verb.WorkflowsValidate, [directory]),
            ["workflows", "validate", ..] => throw new UsageException("workflows validate takes one folder, e.g. `workflows validate workflows`"),
            ["calendar", "due", .. var rest] => new(Verb.CalendarDue, rest),
            ["monitoring", "generate", .. var rest] => new(Verb.MonitoringGenerate, rest),
            _ => throw new UsageException($"unknown command '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))}'"),
        };
    }
}

public sealed class UsageException(string message) : Exception(message);
