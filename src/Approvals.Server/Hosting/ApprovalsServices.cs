using System.Text.Encodings.Web;
using System.Text.Unicode;
using Approvals.Messaging;
using Approvals.Persistence;
using Approvals.Persistence.Organisations;
using Approvals.Runtime;
using Approvals.Runtime.Definitions;
using Approvals.Server.Access;
using Approvals.Server.Apis;
using Approvals.Server.Apis.Attachments;
using Approvals.Server.Apis.Auth;
using Approvals.Server.Apis.Batches;
using Approvals.Server.Apis.Consent;
using Approvals.Server.Apis.Documents;
using Approvals.Server.Apis.Inbox;
using Approvals.Server.Apis.Monitoring;
using Approvals.Server.Apis.Notifications;
using Approvals.Server.Apis.Projects;
using Approvals.Server.Apis.Tasks;
using Approvals.Server.Apis.Webhooks;
using Approvals.Server.Attachments;
using Approvals.Server.Documents;
using Approvals.Server.Documents.Composers;
using Approvals.Server.Health;
using Approvals.Server.Idempotency;
using Approvals.Server.Messaging;
using Approvals.Server.OpenApi;
using Approvals.Server.Public;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
            builder.Services.AddWorkflowNode(workflows, HealthEndpoints.ReadyTag);
        }

        builder.Services.AddApprovalsMessaging(settings.Bus, bus => bus.AddConsumer<NotificationConsumer>(typeof(NotificationConsumerDefinition)));
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddHostedService<DepartmentQueueDeclarer>();
        builder.Services.AddHttpClient(WebhookSender.Client, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<WebhookSender>();
        builder.Services.AddSingleton<LetterService>();
        builder.Services.AddScoped<LetterContents>();
        builder.Services.AddScoped<ProcessRecords>();
        foreach (var composer in new[]
        {
            typeof(ConfirmationLetter), typeof(CombinedReviewOpinion), typeof(SingleItemAcceptanceOpinion), typeof(OverallAcceptanceOpinion),
            typeof(ConsentResolution), typeof(ApprovalDecision), typeof(SiteSurveyOpinion), typeof(PermanentFarmlandPublication),
        })
        {
            builder.Services.AddScoped(typeof(IDocumentComposer), composer);
        }
        builder.Services.AddHostedService<LetterIssuer>();
        builder.Services.AddHealthChecks().AddCheck<LetterService>("letters", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: [HealthEndpoints.ReadyTag]);

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag], timeout: TimeSpan.FromSeconds(10));

        builder.Services.AddApprovalsAuthentication();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        builder.Services.AddProblemDetails();

        // Chinese stays as it is in JSON answers, readable in any client and log; what HTML treats as markup (< > & ' " +)
        // is still escaped, so an answer put into a page cannot become markup.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddScoped<TaskAccess>();
        builder.Services.AddScoped<ProjectAccess>();
        builder.Services.AddScoped<AttachmentFiling>();
        builder.Services.AddScoped<TaskCommands>();
        builder.Services.AddScoped<SubProjectConfirmation>();
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
        app.MapTaskDetailApi();
        app.MapMonitoringApi();
        app.MapRankingsApi();
        app.MapStepDurationsApi();
        app.MapIncidentsApi();
        app.MapNotificationsApi();
        app.MapWebhooksApi();
        app.MapDocumentsApi();
        app.MapAttachmentsApi();
        app.MapProjectsApi();
        app.MapProjectCorrectionsApi();
        app.MapProjectExceptionsApi();
        app.MapProjectDocumentsApi();
        app.MapTaskCommandsApi();
        app.MapTaskRemindersApi();
        app.MapTaskReferralsApi();
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
