namespace Approvals.Messaging.Contracts;

/// <summary>Whom a message is for: a department of a jurisdiction, or a role of an organisation (a village, an implementing entity).</summary>
public sealed record MessageAddressee(string Kind, string Code, string Jurisdiction);

/// <summary>
/// Version 1 of what departments receive: one envelope for every event (<see cref="Type"/> names it, e.g.
/// <c>approvals.task-assigned.v1</c>), carrying the project, the step, the addressee, the deadline and a link to
/// the task, so a department's own system can act without calling back. <see cref="Data"/> holds the event's own
/// fields (outcome, opinion, material, village …), documented per type in the README. A changed shape is a v2.
/// </summary>
public sealed record DepartmentMessage
{
    public const string Exchange = "approvals.departments";

    public required Guid MessageId { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required string ProjectId { get; init; }

    public required string ProjectName { get; init; }

    public required Guid InstanceId { get; init; }

    public string? Definition { get; init; }

    public string? StepId { get; init; }

    public string? StepName { get; init; }

    /// <summary>The item a branch runs for: a department's name, a village, a sub-project.</summary>
    public string? Item { get; init; }

    public MessageAddressee? Addressee { get; init; }

    public Guid? TaskId { get; init; }

    /// <summary>When the task's time limit ends (the end of its last working day), in UTC.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The task in the API, as a path on the service (<c>/api/tasks/{id}</c>).</summary>
    public string? TaskLink { get; init; }

    public IReadOnlyDictionary<string, string?> Data { get; init; } = new Dictionary<string, string?>();

    /// <summary>The event without its prefix and version: <c>task-assigned</c>.</summary>
    public string Event => EventOf(Type);

    /// <summary>
    /// <c>department.330421.water-resources.task-assigned</c>, <c>role.330421102201.village-committee.consent-recorded</c>,
    /// or <c>project.task-completed</c> for what no one in particular is addressed by. Dots separate the words a
    /// binding matches, so none of the parts contains one.
    /// </summary>
    public string RoutingKey => Addressee is { } a
        ? $"{Word(a.Kind)}.{Word(a.Jurisdiction)}.{Word(a.Code)}.{Event}"
        : $"project.{Event}";

    /// <summary>The queue a party's messages wait in, and the binding that fills it.</summary>
    public static (string Queue, string Binding) QueueOf(MessageAddressee party) =>
        ($"approvals.{Word(party.Kind)}.{Word(party.Jurisdiction)}.{Word(party.Code)}", $"{Word(party.Kind)}.{Word(party.Jurisdiction)}.{Word(party.Code)}.#");

    public static string EventOf(string type)
    {
        var name = type.StartsWith("approvals.", StringComparison.Ordinal) ? type["approvals.".Length..] : type;
        var version = name.LastIndexOf(".v", StringComparison.Ordinal);
        return version > 0 ? name[..version] : name;
    }

    private static string Word(string part) => part.Replace('.', '_');
}
