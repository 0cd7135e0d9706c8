using System.Globalization;

namespace Approvals.Engine.Runtime;

/// <summary>
/// The keys every message's data starts with, whoever sends it (an engine step, or the service's own reminder,
/// referral and letter-issued messages): the outbox translation lifts them into the department contract's own
/// fields and passes the rest on as its data.
/// </summary>
public static class MessageEnvelope
{
    public const string InstanceId = "instanceId";
    public const string ProjectId = "projectId";
    public const string ProjectName = "projectName";

    /// <summary>The definition's key, <c>id@version</c>.</summary>
    public const string Definition = "definition";

    /// <summary>When it happened, ISO 8601.</summary>
    public const string At = "at";
    public const string StepId = "stepId";
    public const string StepName = "stepName";
    public const string Item = "item";
    public const string TaskId = "taskId";

    /// <summary>The task's time limit, ISO 8601.</summary>
    public const string DueAt = "dueAt";

    /// <summary>Not lifted: the village a consent message is about, which addresses it when nobody else is named.</summary>
    public const string Village = "village";

    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        InstanceId, ProjectId, ProjectName, Definition, At, StepId, StepName, Item, TaskId, DueAt,
    };

    /// <summary>The envelope of a message about an instance: what the step (if any) and the data add come after.</summary>
    public static Dictionary<string, string?> Create(Guid instanceId, string projectId, string projectName, string definition, DateTimeOffset at) => new()
    {
        [InstanceId] = instanceId.ToString(),
        [ProjectId] = projectId,
        [ProjectName] = projectName,
        [Definition] = definition,
        [At] = at.ToString("O", CultureInfo.InvariantCulture),
    };
}
