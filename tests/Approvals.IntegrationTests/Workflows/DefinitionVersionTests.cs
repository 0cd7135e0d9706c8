using System.Text.Json.Nodes;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.IntegrationTests.Persistence;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>A published version is immutable; new instances start on the newest; an instance stays on the version it started on.</summary>
public class DefinitionVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A version of Jiaxing as the folder holds it, with its text, as the service publishes it.</summary>
    private static (WorkflowDefinition, string) Jiaxing(int version)
    {
        var source = ScenarioWorkflows.Sources().Single(s => s.File == $"definitions/jiaxing.v{version}.json");
        var loaded = ScenarioWorkflows.Loader.Load([source]);
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        return (loaded.Definitions[0], source.Json);
    }

    /// <summary>Version 1's text with the establishment approval's time limit changed, still called version 1.</summary>
    private static (WorkflowDefinition, string) ChangedJiaxingV1(string establishmentLimit)
    {
        var json = JsonNode.Parse(Jiaxing(1).Item2)!;
        json["steps"]![2]!["timeLimit"] = establishmentLimit;
        var text = json.ToJsonString();
        var loaded = ScenarioWorkflows.Loader.Load([new DefinitionSource("jiaxing.v1.json", text)]);
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        return (loaded.Definitions[0], text);
    }

    private static Task<IReadOnlyList<string>> PublishAsync(RuntimeNode node, params (WorkflowDefinition, string)[] definitions) =>
        node.InScopeAsync(sp => sp.GetRequiredService<DefinitionRegistry>().PublishAsync(sp.GetRequiredService<ApprovalsDbContext>(), definitions, Now));

    /// <summary>Approves the way to the implementation plan and submits it; returns the steps then open.</summary>
    private static async Task<IReadOnlyList<string>> SubmitThePlanAsync(RuntimeNode node, Guid instance)
    {
        foreach (var step in new[] { "select-sub-projects", "confirm-sub-projects", "confirm-sub-projects", "confirm-sub-projects", "establishment-approval", "implementation-plan" })
        {
            var task = await node.OpenTaskAsync(instance, step);
            await node.ExecuteAsync(instance, new CompleteTask(task.Id, Outcome.Approve, "同意", "clerk", Now));
        }

        return await node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Tasks
            .Where(t => t.InstanceId == instance && t.Status == TaskRowStatus.Open).OrderBy(t => t.ItemKey).Select(t => t.StepId).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_instance_keeps_its_version_when_a_newer_one_is_published(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        await using var node = RuntimeNode.Create(database.Settings, "node-a");
        Assert.Equal(["jiaxing@1"], await PublishAsync(node, Jiaxing(1)));
        var onV1 = await node.StartAsync("jiaxing", Projects.Jiaxing(), Now);

        // The folder now holds both versions, as when the service starts after version 2 was added.
        var added = await PublishAsync(node, Jiaxing(1), Jiaxing(2));
        var onV2 = await node.StartAsync("jiaxing", Projects.Jiaxing(), Now);

        Assert.Equal(["jiaxing@2"], added);
        var versions = await node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Instances
            .OrderBy(i => i.StartedAt).ThenBy(i => i.Id).Select(i => new { i.Id, i.DefinitionVersion }).ToListAsync());
        Assert.Equal(1, versions.Single(v => v.Id == onV1).DefinitionVersion);
        Assert.Equal(2, versions.Single(v => v.Id == onV2).DefinitionVersion);

        // Version 1 sends the submitted plan to the departments' joint review; version 2 first to each village.
        Assert.Equal(["review-plan", "review-plan", "review-plan"], await SubmitThePlanAsync(node, onV1));
        Assert.Equal(["village-opinions", "village-opinions"], await SubmitThePlanAsync(node, onV2));
    }

    [Fact]
    public async Task Publishing_changed_text_under_a_published_version_is_refused()
    {
        await using var database = await RuntimeDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var node = RuntimeNode.Create(database.Settings, "node-a");

        var refused = await Assert.ThrowsAsync<DefinitionImmutableException>(() => PublishAsync(node, ChangedJiaxingV1("15 working days")));

        Assert.Contains("jiaxing version 1 is published with other content; publish the change as version 2", refused.Message, StringComparison.Ordinal);
        var stored = await node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().Definitions.AsNoTracking()
            .Where(d => d.Id == "jiaxing").OrderBy(d => d.Version).Select(d => new { d.Version, d.ContentSha256 }).ToListAsync());
        // What the folder holds stays as it was published: nothing of the changed text was stored.
        Assert.Equal(ScenarioWorkflows.AllVersions.Where(d => d.Id == "jiaxing").Select(d => d.Version).Order(), stored.Select(d => d.Version));
        Assert.Equal(DefinitionRegistry.Sha256(Jiaxing(1).Item2), stored[0].ContentSha256.Trim());
    }
}
