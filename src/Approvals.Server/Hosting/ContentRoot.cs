namespace Approvals.Server.Hosting;

internal static class ContentRoot
{
    /// <summary>
    /// The content root (where appsettings.json is read from) is the application's own folder, not the
    /// working directory, so that <c>dotnet run --project src/Approvals.Server</c> from the repository root and
    /// <c>dotnet Approvals.Server.dll</c> from anywhere read the same settings. An explicit content root wins.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 };
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = explicitRoot ? null : AppContext.BaseDirectory,
        };
    }
}
