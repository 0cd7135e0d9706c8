using System.Text.Json.Nodes;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>A published version is immutable; an instance stays on the version it started on.</summary>
public class DefinitionVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static (WorkflowDefinition, string) Jiaxing(int version, string establishmentLimit)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioWorkflows.Folder, "definitions", "jiaxing.v1.json")))!;
        json["version"] = version;
        json["steps"]![2]!["timeLimit"] = establishmentLimit;
        var text = json.ToJsonString();
        var loaded = ScenarioWorkflows.Loader.Load([new DefinitionSource($"jiaxing.v{version}.json", text)]);
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        return (loaded.Definitions[0], text);
    }

    private static async Task<DateOnly?> EstablishmentDueAsync(RuntimeNode node, Guid instance)
    {
        foreach (var step in new[] { "select-sub-projects", "confirm-sub-projects", "confirm-sub-projects", "confirm-sub-projects" })
        {
            var task = await node.OpenTaskAsync(instance, step);
            await node.ExecuteAsync(instance, new CompleteTask(task.Id, Outcome.Approve, "同意", "clerk", Now));
        }

        return await node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Tasks
            .Where(t => t.InstanceId == instance && t.StepId == "establishment-approval").Select(t => t.DueDate).SingleAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_instance_keeps_its_version_when_a_newer_one_is_published(DatabaseProvider provider)
    {
        await using var database = await RuntimeDatabase.CreateAsync(provider);
        await using var node = RuntimeNode.Create(database.Settings, "node-a");
        var onV1 = await node.StartAsync("jiaxing", Projects.Jiaxing(), Now);

        var added = await node.InScopeAsync(sp => sp.GetRequiredService<DefinitionRegistry>()
            .PublishAsync(sp.GetRequiredService<ApprovalsDbContext>(), [Jiaxing(2, "10 working days")], Now));
        var onV2 = await node.StartAsync("jiaxing", Projects.Jiaxing(), Now);

        Assert.Equal(["jiaxing@2"], added);
        var versions = await node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Instances
            .OrderBy(i => i.StartedAt).ThenBy(i => i.Id).Select(i => new { i.Id, i.DefinitionVersion }).ToListAsync());
        Assert.Equal(1, versions.Single(v => v.Id == onV1).DefinitionVersion);
        Assert.Equal(2, versions.Single(v => v.Id == onV2).DefinitionVersion);

        // v1 gives the establishment approval 20 working days, v2 10: each instance runs its own version.
        Assert.Equal(new DateOnly(2026, 3, 30), await EstablishmentDueAsync(node, onV1));
        Assert.Equal(new DateOnly(2026, 3, 16), await EstablishmentDueAsync(node, onV2));
    }

    [Fact]
    public async Task Publishing_changed_text_under_a_published_version_is_refused()
    {
        await using var database = await RuntimeDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var node = RuntimeNode.Create(database.Settings, "node-a");

        var refused = await Assert.ThrowsAsync<DefinitionImmutableException>(() => node.InScopeAsync(sp => sp.GetRequiredService<DefinitionRegistry>()
            .PublishAsync(sp.GetRequiredService<ApprovalsDbContext>(), [Jiaxing(1, "15 working days")], Now)));

        Assert.Contains("jiaxing version 1 is published with other content; publish the change as version 2", refused.Message, StringComparison.Ordinal);
        var stored = await node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Definitions.CountAsync(d => d.Id == "jiaxing"));
        Assert.Equal(1, stored);
    }
}
