namespace Approvals.Server.Documents.Composers;

/// <summary>Writes one kind of document (<see cref="Document"/> is its catalogue code) from what the process recorded.</summary>
public interface IDocumentComposer
{
    string Document { get; }

    Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken);
}
