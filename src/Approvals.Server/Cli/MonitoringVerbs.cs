using Approvals.Server.Demo;
using Approvals.Server.Hosting;

namespace Approvals.Server.Cli;

internal static class MonitoringVerbs
{
    public static async Task<int> GenerateAsync(IServiceProvider services, IConfiguration configuration, ApprovalsSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var projects = configuration.GetValue<int?>("projects") ?? throw new UsageException("monitoring generate needs --projects N, e.g. --projects 100000");
        if (projects is < 1 or > 1_000_000)
        {
            throw new UsageException($"--projects is {projects}; give 1 to 1000000");
        }

        if (settings.Database.MigrateAtStart)
        {
            await DatabaseVerbs.MigrateAsync(services, TextWriter.Null, cancellationToken);
        }

        var result = await SyntheticProvince.GenerateAsync(services, projects, configuration.GetValue("seed", 1), TimeProvider.System.GetUtcNow(), cancellationToken);
        output.WriteLine($"Synthetic province {SyntheticProvince.Province}: {result.Projects} project(s), {result.Tasks} task(s) ({result.OpenTasks} open) added in {result.Elapsed.TotalSeconds:0.0} s. " +
            $"Managers: sim-province, sim-city, sim-county (password {DemoData.Password}).");
        return 0;
    }
}
