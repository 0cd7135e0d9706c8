using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Approvals.Runtime.Definitions;
using Approvals.Server.Cli;
using Approvals.Server.Demo;
using Approvals.Server.Hosting;

// Exit codes: 0 done, 1 `db status` found pending migrations or `workflows validate` found errors, 2 bad configuration or usage,
// 3 database unreachable, 4 a migration failed, 5 the workflow definitions do not load or a published one was changed.
try
{
    var commandLine = CommandLine.Parse(args);
    switch (commandLine.Verb)
    {
        case Verb.Help:
            Console.WriteLine(CommandLine.Usage);
            return 0;
        case Verb.WorkflowsValidate:
            return await WorkflowVerbs.ValidateAsync(commandLine.HostArgs[0], Console.Out, Console.Error, CancellationToken.None);
        case Verb.CalendarDue:
            return await CalendarVerbs.DueAsync(commandLine.HostArgs, Console.Out, CancellationToken.None);
    }

    var builder = WebApplication.CreateBuilder(ContentRoot.Options(commandLine.HostArgs));
    var settings = ApprovalsSettings.From(builder.Configuration);
    WorkflowSet? workflows = null;
    if (commandLine.Verb is Verb.Serve or Verb.MonitoringGenerate)
    {
        workflows = await WorkflowFolder.LoadAsync(settings.WorkflowsDirectory, CancellationToken.None);
        if (!workflows.IsValid)
        {
            throw new WorkflowsException(settings.WorkflowsDirectory, workflows.Errors);
        }
    }

    builder.AddApprovals(settings, workflows);
    var app = builder.Build();

    switch (commandLine.Verb)
    {
        case Verb.DbMigrate:
            return await DatabaseVerbs.MigrateAsync(app.Services, Console.Out, CancellationToken.None);
        case Verb.DbStatus:
            return await DatabaseVerbs.StatusAsync(app.Services, Console.Out, CancellationToken.None);
        case Verb.AuditVerify:
            return await DatabaseVerbs.VerifyAuditAsync(app.Services, Console.Out, Console.Error, CancellationToken.None);
        case Verb.MonitoringGenerate:
            return await MonitoringVerbs.GenerateAsync(app.Services, app.Configuration, settings, Console.Out, CancellationToken.None);
    }

    if (settings.Database.MigrateAtStart)
    {
        await DatabaseVerbs.MigrateAsync(app.Services, TextWriter.Null, CancellationToken.None);
    }

    if (settings.Demo)
    {
        var added = await DemoData.SeedAsync(app.Services, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        app.Logger.LogInformation("Demo data: {Added} demo user(s) added; every demo user's password is {Password} (see README)", added, DemoData.Password);
        if (settings.DemoProjects && workflows is { IsValid: true })
        {
            var projects = await DemoProjects.SeedAsync(app.Services, TimeProvider.System.GetUtcNow(), CancellationToken.None);
            app.Logger.LogInformation("Demo data: {Projects} demo project(s) added at different stages", projects);
        }
    }

    app.MapApprovals();
    app.LogWhereToOpen(settings);
    await app.RunAsync();
    return 0;
}
catch (UsageException ex)
{
    return Fail(2, ex.Message + Environment.NewLine + CommandLine.Usage);
}
catch (ConfigurationException ex)
{
    return Fail(2, "configuration error: " + ex.Message);
}
catch (DatabaseUnavailableException ex)
{
    return Fail(3, ex.Message);
}
catch (SchemaMigrationException ex)
{
    return Fail(4, ex.Message);
}
catch (WorkflowsException ex)
{
    return Fail(5, ex.Message);
}
catch (DefinitionImmutableException ex)
{
    return Fail(5, "a published workflow definition was changed: " + ex.Message);
}

static int Fail(int exitCode, string message)
{
    // One line a person can act on; the stack trace would only bury it.
    Console.Error.WriteLine($"approvals: {message}");
    return exitCode;
}
