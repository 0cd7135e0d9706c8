using Approvals.Engine.Definitions;
using Approvals.Persistence.Workflows;
using Approvals.Server.Documents;
using Approvals.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Documents;

/// <summary>Every document a shipped definition asks for has a composer; a kind without one is an error, never a placeholder letter.</summary>
public sealed class LetterComposerCoverageTests : ApiTestHost
{
    private static async Task<IReadOnlyList<WorkflowDefinition>> ShippedDefinitionsAsync()
    {
        var folder = Repository.PathOf("workflows");
        var catalogue = Catalogue.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "catalogue.json")), "catalogue.json");
        var loader = await DefinitionLoader.CreateAsync(catalogue);
        var result = loader.Load(Directory.GetFiles(Path.Combine(folder, "definitions"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => new DefinitionSource(Path.GetFileName(f), File.ReadAllText(f))));
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return result.Definitions;
    }

    [Fact]
    public async Task Every_letter_step_of_every_shipped_definition_version_has_a_composer_for_its_document()
    {
        var definitions = await ShippedDefinitionsAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var composed = scope.ServiceProvider.GetRequiredService<LetterContents>().Documents;

        // Letter steps, and the documents a returning join issues as it sends the project back.
        var steps = definitions.SelectMany(d => d.AllSteps().OfType<LetterStep>().Select(s => (Definition: d.Key, s.Id, s.Document))
            .Concat(d.AllSteps().OfType<ParallelStep>().Where(p => p.OnReturn is not null).Select(p => (Definition: d.Key, p.Id, p.OnReturn!.Document)))).ToList();
        var missing = steps.Where(s => !composed.Contains(s.Document)).Select(s => $"{s.Definition} {s.Id}: {s.Document}").ToList();

        Assert.Contains(steps, s => s.Document == "approval-decision");
        Assert.Contains(steps, s => s.Document == "site-survey-opinion");
        Assert.Contains(steps, s => s.Document == "permanent-farmland-publication");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task A_document_kind_without_a_composer_fails_with_its_name_instead_of_printing_a_placeholder_letter()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var contents = scope.ServiceProvider.GetRequiredService<LetterContents>();
        var request = new LetterRequest
        {
            Id = Guid.CreateVersion7(), InstanceId = Guid.CreateVersion7(), Document = "no-such-document", IssuerKind = "department", IssuerCode = "natural-resources",
            IssuerJurisdiction = "330421", Status = "requested", RequestedAt = DateTimeOffset.UtcNow,
        };

        var error = await Assert.ThrowsAsync<UnknownDocumentException>(() => contents.ComposeAsync(request, Ct));
        Assert.Contains("no-such-document", error.Message, StringComparison.Ordinal);
        Assert.Contains("approval-decision", error.Message, StringComparison.Ordinal);
    }
}
