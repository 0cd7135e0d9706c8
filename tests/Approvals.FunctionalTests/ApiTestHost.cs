using System.Net;
using Approvals.Persistence;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests;

/// <summary>
/// A test class that talks to the service in memory as the demo users: the host is started (and ready) before
/// each test and disposed after it.
/// </summary>
public abstract class ApiTestHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : IAsyncLifetime
{
    protected ApprovalsWebFactory Factory { get; } = new(settings, services);

    protected ApiSession Api { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        var client = Factory.CreateClient();
        await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Api = new ApiSession(client, DemoData.Password);
    }

    public virtual async ValueTask DisposeAsync()
    {
        Api?.Client.Dispose();
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs a query on the service's own database.</summary>
    protected async Task<T> InDbAsync<T>(Func<ApprovalsDbContext, Task<T>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>());
    }
}
