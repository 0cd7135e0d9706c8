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
public sealed class EngineException(EngineErrorKind kind, string message) : Exception(message)
{
    public EngineErrorKind Kind { get; } = kind;
}
