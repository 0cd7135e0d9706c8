using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;

namespace Approvals.Server.Documents.Composers;

/// <summary>What every composer starts from: the request, the instance and its state, the project, and the letter's step in its definition.</summary>
/// <param name="Step">The letter step that asked for the document (null only if the definition no longer has it).</param>
/// <param name="County">The county's name, for addressees.</param>
/// <param name="ReturningJoin">The review's join that issued the document as it sent the project back (onReturn), instead of a letter step.</param>
public sealed record LetterContext(
    LetterRequest Request,
    InstanceRecord Instance,
    InstanceState State,
    Project? Project,
    WorkflowDefinition Definition,
    LetterStep? Step,
    string IssuerId,
    string IssuerName,
    string County,
    ParallelStep? ReturningJoin = null)
{
    public string Name => Instance.ProjectName;

    /// <summary>The project's name with a document of it: "…整治项目" and "项目建议书" make "…整治项目建议书", not "项目项目建议书".</summary>
    public string NameWith(string document) =>
        Name.EndsWith("项目", StringComparison.Ordinal) && document.StartsWith("项目", StringComparison.Ordinal) ? Name + document[2..] : Name + document;

    public string ProjectId => Instance.ProjectId;

    public LetterContents.Composed Compose(string title, string? addressee, IReadOnlyList<Approvals.Documents.LetterBlock> body) =>
        new(IssuerId, IssuerName, title, addressee, body, ProjectId);
}
