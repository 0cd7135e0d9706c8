namespace Approvals.Runtime.Definitions;

/// <summary>A published definition version was offered with other text: running instances depend on the text they began with.</summary>
public sealed class DefinitionImmutableException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
