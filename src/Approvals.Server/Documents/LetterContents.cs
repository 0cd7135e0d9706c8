using Approvals.Documents;
using Approvals.Engine.Definitions;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Server.Documents.Composers;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents;

/// <summary>
/// What a letter says, in Chinese, from the project and what its process recorded: the request goes to the composer of
/// its document kind (<see cref="Composers"/>). A kind without one is an error, never a placeholder letter.
/// </summary>
public sealed class LetterContents(ApprovalsDbContext db, DefinitionRegistry definitions, ProcessRecords records, IEnumerable<IDocumentComposer> composers)
{
    private readonly Dictionary<string, IDocumentComposer> _composers = composers.ToDictionary(c => c.Document, StringComparer.Ordinal);

    public sealed record Composed(string IssuerId, string IssuerName, string Title, string? Addressee, IReadOnlyList<LetterBlock> Body, string ProjectId);

    /// <summary>The document kinds a letter can be composed for.</summary>
    public IReadOnlyCollection<string> Documents => _composers.Keys;

    /// <exception cref="UnknownDocumentException">No composer writes the requested kind.</exception>
    public async Task<Composed> ComposeAsync(LetterRequest request, CancellationToken cancellationToken)
    {
        var composer = _composers.GetValueOrDefault(request.Document) ?? throw new UnknownDocumentException(request.Document, _composers.Keys);
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == request.InstanceId, cancellationToken);
        var state = StateDocument.Read(instance.State);
        var project = Guid.TryParse(instance.ProjectId, out var projectId)
            ? await db.Projects.AsNoTracking().Include(p => p.SubProjects).Include(p => p.Villages).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken)
            : null;
        var definition = await definitions.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        var stepId = state.Activities.FirstOrDefault(a => a.Id == request.ActivityId)?.StepId;
        var found = stepId is null ? null : definition.Find(stepId);
        var issuerId = Parties.OrganisationOf(request.IssuerKind, request.IssuerCode, request.IssuerJurisdiction);
        var issuerName = await records.PartyNameAsync(new(request.IssuerKind, request.IssuerCode, request.IssuerJurisdiction), cancellationToken);
        var county = await records.NameAsync(instance.CountyCode, cancellationToken) ?? "";
        return await composer.ComposeAsync(new LetterContext(request, instance, state, project, definition, found as LetterStep, issuerId, issuerName, county, found as ParallelStep), cancellationToken);
    }
}

/// <summary>A letter step asked for a document kind no composer writes: a definition and the code disagree.</summary>
public sealed class UnknownDocumentException(string document, IEnumerable<string> known)
    : Exception($"No composer writes the document '{document}'; the kinds composed are {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
