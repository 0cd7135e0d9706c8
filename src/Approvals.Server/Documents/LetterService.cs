using Approvals.Documents;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Approvals.Server.Documents;

/// <summary>
/// The letter renderer, with the font it needs. A font file that is missing or lacks the glyphs letters use stops
/// letter generation — with the reason in the log and on the readiness report — rather than printing empty boxes.
/// </summary>
public sealed class LetterService : IHealthCheck
{
    public const string FontKey = "Approvals:Letters:FontFile";
    public const string DefaultFont = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";
    public const string PublicUrlKey = "Approvals:PublicUrl";

    public LetterService(IConfiguration configuration, ILogger<LetterService> logger)
    {
        var font = configuration[FontKey] ?? DefaultFont;
        PublicUrl = (configuration[PublicUrlKey] ?? "http://127.0.0.1:5000").TrimEnd('/');
        try
        {
            Renderer = new PdfLetterRenderer(LetterFonts.Load(font));
        }
        catch (LetterFontException ex)
        {
            Problem = $"letters are not generated: {ex.Message} (set {FontKey} to a TrueType file with Chinese glyphs)";
            logger.LogError("{Problem}", Problem);
        }
    }

    public ILetterRenderer? Renderer { get; }

    public string? Problem { get; }

    /// <summary>Where the QR code on a letter points: the service's public address.</summary>
    public string PublicUrl { get; }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Problem is null ? HealthCheckResult.Healthy("letters ready") : HealthCheckResult.Degraded(Problem));
}
