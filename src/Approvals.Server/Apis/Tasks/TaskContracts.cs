namespace Approvals.Server.Apis.Tasks;

/// <summary>Decide a task: approve, reject or return, with an opinion (required unless approving) and attachments; an overall acceptance lists who took part.</summary>
public sealed record CompleteInput(
    string? Outcome, string? Opinion, List<Guid>? AttachmentIds, List<ParticipantInput>? Participants = null, Dictionary<string, string>? SubProjectPlans = null);

/// <summary>Someone who took part in an acceptance: role is department, implementing-entity, town, village-representative, expert or other.</summary>
public sealed record ParticipantInput(string? Name, string? Role, string? Organisation);

/// <summary>Return the matter for supplement (退回补正): what is missing, in the opinion.</summary>
public sealed record ReturnInput(string? Opinion, List<Guid>? AttachmentIds);

/// <summary>容缺受理: accept now; these materials (from the step's list) come later, by the step's deadline.</summary>
public sealed record DeferralInput(List<string>? Materials, string? Opinion);

/// <summary>A deferred material arrives.</summary>
public sealed record SupplementInput(string? Material, List<Guid>? AttachmentIds);

/// <summary>Hand the task to a colleague of the same department (by user name).</summary>
public sealed record DelegateInput(string? UserName);

/// <summary>The receiving office objects to a filing within its window, with its reason.</summary>
public sealed record ObjectionInput(string? Reason, List<Guid>? AttachmentIds);

/// <summary>A single-item acceptance (单项验收): passed with the figures measured on site, or returned to construction with an opinion.</summary>
public sealed record SignOffInput(
    bool? Passed, Dictionary<string, decimal>? Figures, string? Opinion, List<Guid>? AttachmentIds, List<ParticipantInput>? Participants = null,
    MeasurementInput? Measurement = null);

/// <summary>How the figures were measured: <c>on-site</c> (实测) or <c>from-maps</c> (图测), and by whom (unit and person).</summary>
public sealed record MeasurementInput(string? Method, string? By);

/// <summary>The town asks for the overall acceptance once the single items have passed.</summary>
public sealed record AcceptanceRequestInput(string? Opinion, List<Guid>? AttachmentIds);

/// <summary>催办: what the manager adds to the reminder.</summary>
public sealed record ReminderInput(string? Message);

public sealed record ReminderView(Guid Id, Guid TaskId, string SentBy, DateTimeOffset SentAt, string? Message, DateTimeOffset NextAllowedAt);

/// <summary>提请督办: why the task is referred to the office one level up.</summary>
public sealed record ReferralInput(string? Reason);

/// <param name="To">The leading group office the task was referred to (its jurisdiction's code).</param>
public sealed record ReferralView(Guid TaskId, string To, string By, DateTimeOffset At, string Reason);
