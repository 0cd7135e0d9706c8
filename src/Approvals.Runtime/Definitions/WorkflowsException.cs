using Approvals.Engine.Definitions;

namespace Approvals.Runtime.Definitions;

/// <summary>The workflows folder the service was given does not load; the service cannot run processes from it.</summary>
public sealed class WorkflowsException(string directory, IReadOnlyList<DefinitionError> errors)
    : Exception($"the workflows in {directory} do not load ({errors.Count} error(s)):" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
