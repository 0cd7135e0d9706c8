namespace Approvals.Engine.Runtime;

public enum EngineErrorKind
{
    /// <summary>No such task or item here.</summary>
    NotFound,

    /// <summary>The command was valid once but the instance has moved on (task already closed, process finished).</summary>
    Conflict,

    /// <summary>The command itself is wrong for this step (an outcome it does not offer, a missing figure).</summary>
    Invalid,
}

/// <summary>A command the engine refuses, with a reason a clerk can read. Nothing has changed.</summary>
public sealed class EngineException(EngineErrorKind kind, string message, string? field = null) : Exception(message)
{
    public EngineErrorKind Kind { get; } = kind;

    /// <summary>The part of the command at fault (e.g. <c>participants</c>), when it is not the command as a whole.</summary>
    public string? Field { get; } = field;

    /// <summary>Each part at fault with its own reason, where there are several (every undeclared fact of a project).</summary>
    public IReadOnlyList<(string Field, string Message)> Problems { get; init; } = [];
}
