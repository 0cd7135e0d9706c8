using Approvals.Engine.Calendar;
using Approvals.Engine.Runtime;
using Approvals.Messaging;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Health;
using Approvals.Persistence.Organisations;
using Approvals.Server.Apis;
using Approvals.Server.Attachments;
using Approvals.Server.Apis.Batches;
using Approvals.Server.Apis.Consent;
using Approvals.Server.Apis.Monitoring;
using Approvals.Server.Apis.Projects;
using Approvals.Server.Apis.Tasks;
using Approvals.Server.Idempotency;
using Approvals.Server.Documents;
using Approvals.Server.Messaging;
using Approvals.Server.OpenApi;
using Approvals.Server.Public;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Approvals.Server.Workflows;

namespace Approvals.Server.Hosting;

public static class ApprovalsServices
{
    /// <summary>
    /// Everything the service needs, on the database and bus the settings name. Without <paramref name="workflows"/>
    /// (the database verbs) no process can run, and nothing that runs them is registered.
    /// </summary>
    public static WebApplicationBuilder AddApprovals(this WebApplicationBuilder builder, ApprovalsSettings settings, WorkflowSet? workflows = null)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddApprovalsPersistence(settings.Database);
        if (workflows is { IsValid: true })
        {
            builder.Services.AddSingleton(workflows);
            builder.Services.AddWorkflowRuntime(workflows.Loader!,
                new EngineContext(new WorkingDayCalendar(workflows.Calendar!), workflows.Catalogue!, EngineContext.SortableIds));
            builder.Services.AddHostedService<TimerService>();
            builder.Services.AddSingleton<WorkflowPublisher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkflowPublisher>());
            builder.Services.AddHealthChecks().AddCheck<WorkflowPublisher>("workflows", tags: [HealthEndpoints.ReadyTag]);
        }

        builder.Services.AddApprovalsMessaging(settings.Bus, bus => bus.AddConsumer<NotificationConsumer>(typeof(NotificationConsumerDefinition)));
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddHostedService<DepartmentQueueDeclarer>();
        builder.Services.AddHttpClient(WebhookSender.Client, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<WebhookSender>();
        builder.Services.AddSingleton<LetterService>();
        builder.Services.AddScoped<LetterContents>();
        builder.Services.AddHostedService<LetterIssuer>();
        builder.Services.AddHealthChecks().AddCheck<LetterService>("letters", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: [HealthEndpoints.ReadyTag]);

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag], timeout: TimeSpan.FromSeconds(10));

        builder.Services.AddApprovalsAuthentication();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddScoped<TaskCommands>();
        builder.Services.AddScoped<ConsentRecorder>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddApiDocumentation();
        builder.Services.AddApprovalsAttachments(builder.Configuration);
        return builder;
    }

    public static WebApplication MapApprovals(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapApiDocumentation();
        app.MapHealthEndpoints();
        app.MapAuthApi();
        app.MapInboxApi();
        app.MapMonitoringApi();
        app.MapRankingsApi();
        app.MapStepDurationsApi();
        app.MapIncidentsApi();
        app.MapNotificationsApi();
        app.MapWebhooksApi();
        app.MapDocumentsApi();
        app.MapAttachmentsApi();
        app.MapProjectsApi();
        app.MapProjectDocumentsApi();
        app.MapTaskCommandsApi();
        app.MapTaskRemindersApi();
        app.MapTaskEscalationsApi();
        app.MapConsentApi();
        app.MapWrittenVotesApi();
        app.MapVillageAffairsPages();
        app.MapBatchesApi();
        app.MapGet("/", () => Results.Redirect(ApiDocumentation.BrowserPath)).ExcludeFromDescription();
        return app;
    }

    /// <summary>Tells the person who ran the service where to open it.</summary>
    public static void LogWhereToOpen(this WebApplication app, ApprovalsSettings settings)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Urls.FirstOrDefault();
            if (address is null)
            {
                return;
            }

            address = address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost");
            app.Logger.LogInformation(
                "Approvals is running on {Database} and the {Bus} bus. Open {Address}{ApiPage} for the API, {Address}/health/ready for readiness",
                settings.Database.Provider.ToConfigName(), settings.Bus.Transport.ToConfigName(), address, ApiDocumentation.BrowserPath, address);
        });
    }
}
