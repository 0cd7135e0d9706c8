namespace Approvals.Server.OpenApi;

public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string BrowserPath = "/api-docs";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Approvals API — 土地综合整治联合审批";
                document.Info.Description = "Combined approvals of land consolidation projects: parallel review, deemed-complete filings, sign-offs, acceptance and the villagers' consent vote.";
                document.Info.License = new() { Name = "AGPL-3.0-only" };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<CommandDocumentation>();
        });

    /// <summary>The OpenAPI document, and a browsable page over it for people trying the API.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = BrowserPath.TrimStart('/');
            options.SwaggerEndpoint(DocumentPath, "Approvals API v1");
            options.DocumentTitle = "Approvals API";
        });
        return app;
    }
}
