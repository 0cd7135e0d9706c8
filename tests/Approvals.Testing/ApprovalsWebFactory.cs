using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Testing;

/// <summary>
/// The real service in memory (TestServer), configured through the same keys an operator sets.
/// Without settings it is the embedded default: SQLite in its own data directory and the in-memory bus, with the
/// demo users; the demo projects only when a test asks (<c>Approvals:DemoProjects</c>), so inboxes start empty.
/// </summary>
public sealed class ApprovalsWebFactory : WebApplicationFactory<Program>
{
    // A host that does not stop in this time fails its test instead of stalling the whole run; the wait stays
    // reachable from the timer meanwhile, so a dump taken during the stall shows what it waits for.
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _dataDirectory = new();
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces services after the app's own registrations (e.g. a <see cref="ManualClock"/> as the TimeProvider).</param>
    public ApprovalsWebFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?> { ["Approvals:DemoProjects"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _settings["Approvals:DataDirectory"] = _dataDirectory.Path;
    }

    public string DataDirectory => _dataDirectory.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dataDirectory.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync().AsTask().WaitAsync(StopLimit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The service did not stop within {StopLimit.TotalSeconds} s.");
        }

        _dataDirectory.Dispose();
    }
}
