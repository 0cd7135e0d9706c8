using System.Text.Json;
using Approvals.Engine.Runtime;
using Approvals.IntegrationTests.Persistence;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Timers;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>
/// Runs a scenario through the durable runtime on a real database, and reads back only what the tables hold:
/// the instance's columns, task rows, bookmark rows, timer rows, letter requests and the audit trail.
/// </summary>
public sealed class DurableProcessDriver : IProcessDriver
{
    private readonly TestDatabase _database;
    private readonly RuntimeNode _node;
    private Guid _instance;

    private DurableProcessDriver(TestDatabase database, RuntimeNode node)
    {
        _database = database;
        _node = node;
    }

    public Guid InstanceId => _instance;

    public RuntimeNode Node => _node;

    public DatabaseSettings Settings => _database.Settings;

    public static async Task<DurableProcessDriver> CreateAsync(DatabaseProvider provider)
    {
        var database = await RuntimeDatabase.CreateAsync(provider);
        return new DurableProcessDriver(database, RuntimeNode.Create(database.Settings, "node-a"));
    }

    public async Task StartAsync(string definitionId, ProjectSnapshot project, DateTimeOffset at) =>
        _instance = await _node.StartAsync(definitionId, project, at);

    public Task HandleAsync(Command command) => _node.ExecuteAsync(_instance, command);

    public async Task<int> FireDueTimersAsync(DateTimeOffset now)
    {
        var processor = _node.Services.GetRequiredService<TimerProcessor>();
        var total = 0;
        int fired;
        do
        {
            fired = await processor.RunOnceAsync(_node.Name, now);
            total += fired;
        }
        while (fired > 0);

        return total;
    }

    public Task<InstanceView> ViewAsync() => _node.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ApprovalsDbContext>();
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == _instance);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == _instance && t.Status == TaskRowStatus.Open)
            .OrderBy(t => t.ActivityId).ToListAsync();
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == _instance).ToListAsync();
        var timers = await db.Timers.AsNoTracking().Where(t => t.InstanceId == _instance && t.Status == TimerRowStatus.Pending)
            .Select(t => t.DueAt).ToListAsync();
        var letters = await db.LetterRequests.AsNoTracking().Where(l => l.InstanceId == _instance)
            .OrderBy(l => l.RequestedAt).ThenBy(l => l.Id).Select(l => l.Document).ToListAsync();
        var audit = await db.AuditRecords.AsNoTracking().Where(a => a.Stream == $"instance:{_instance}")
            .OrderBy(a => a.Sequence).Select(a => new { a.Action, a.Details }).ToListAsync();

        return new InstanceView(
            Enum.Parse<InstanceStatus>(instance.Status),
            instance.StatusReason,
            StateDocument.Read<List<string>>(instance.CurrentSteps),
            instance.CurrentDepartments.Split(',', StringSplitOptions.RemoveEmptyEntries),
            [.. tasks.Select(t => new OpenTaskView(t.Id, t.StepId, t.Activity, new Party(t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction),
                t.ItemKey, t.DueDate, t.Warning switch { "yellow" => TaskWarning.Yellow, "red" => TaskWarning.Red, _ => null }))],
            [.. bookmarks.Select(b => new BookmarkView(Enum.Parse<BookmarkKind>(b.Kind), b.Key))],
            [.. timers.Order()],
            letters,
            [.. audit.Select(a => AuditLine(a.Action, a.Details))],
            MeasuredFigures.Compare(StateDocument.Read(instance.State).Project, ScenarioWorkflows.Catalogue));
    });

    private static string AuditLine(string action, string details) =>
        InMemoryProcessDriver.AuditLine(action, JsonSerializer.Deserialize<Dictionary<string, string?>>(details) ?? []);

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        await _database.DisposeAsync();
    }
}
