using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>Something that moves an instance on. <see cref="Actor"/> is a user id, or <c>system</c> for timers.</summary>
public abstract record Command(string Actor, DateTimeOffset At);

/// <summary>
/// A department (or role) decides a task: approve, reject or return; a sign-off brings its figures, an acceptance its
/// participants, a department confirming sub-projects the plan it moves any of its own to (key → plan), with the
/// project data version that move makes.
/// </summary>
public sealed record CompleteTask(
    Guid TaskId, Outcome Outcome, string? Opinion, string Actor, DateTimeOffset At,
    IReadOnlyDictionary<string, decimal>? Figures = null, IReadOnlyList<Participant>? Participants = null,
    SubProjectMoves? Moves = null, Measurement? Measurement = null) : Command(Actor, At);

/// <summary>How a sign-off's figures were measured (实测 on site, or 图测 from maps) and by whom (the surveying unit and person).</summary>
public sealed record Measurement(string Method, string By)
{
    /// <summary>实测: measured on site.</summary>
    public const string OnSite = "on-site";

    /// <summary>图测: read from maps or imagery.</summary>
    public const string FromMaps = "from-maps";
}

/// <summary>Sub-projects a confirming department moves between its three lists, and the data version the move makes.</summary>
public sealed record SubProjectMoves(IReadOnlyDictionary<string, string> Plans, int DataVersion);

/// <summary>容缺受理: accept the review while these materials (from the step's list) come later.</summary>
public sealed record AcceptWithDeferral(Guid TaskId, IReadOnlyList<string> Materials, string Actor, DateTimeOffset At) : Command(Actor, At);

public sealed record SupplementMaterial(Guid TaskId, string Material, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>The receiving office objects to a filing within its window: the project goes back.</summary>
public sealed record ObjectToFiling(Guid TaskId, string Reason, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>The consent module's verdict on a village's vote (the legal evaluation is its business).</summary>
public sealed record RecordConsent(string VillageCode, bool Passed, string Summary, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>A higher office closed a batch this instance waits in, with its decision.</summary>
public sealed record CloseBatch(string BatchKind, string BatchReference, BatchDecision Decision, string Actor, DateTimeOffset At, string? Opinion = null)
    : Command(Actor, At);

/// <summary>What a batch decides for each of its projects (Jiaxing 四.(四)): one project's failure is not the batch's.</summary>
public enum BatchDecision
{
    /// <summary>通过.</summary>
    Passed,

    /// <summary>整改: back where the batch step's returnTo names, with the batch's opinion, then into a later batch.</summary>
    Rectify,

    /// <summary>不通过.</summary>
    Failed,
}

/// <summary>
/// 项目更正: the project's data corrected, with a reason, while the process waits on whoever prepares it (a return, a
/// blocked gate, a deferred material). Blocked gates are judged again at once.
/// </summary>
public sealed record CorrectProject(ProjectCorrection Correction, string Reason, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>
/// What a correction changes: facts given replace those of the same code; villages and sub-projects, when given,
/// replace the lists. <see cref="DataVersion"/> is the project data version it makes (higher than the one it replaces).
/// </summary>
public sealed record ProjectCorrection(int DataVersion, Facts? Facts = null, IReadOnlyList<Village>? Villages = null, IReadOnlyList<SubProject>? SubProjects = null);

/// <summary>
/// The implementing entity asks for an exception to a 原则上 limit its project fails (by the check's id), with its
/// reasons: the body the definition names decides (approve grants it and the gate is judged without it; reject leaves
/// the gate blocked until the figures are corrected).
/// </summary>
public sealed record RequestException(string CheckId, string Reason, string Actor, DateTimeOffset At) : Command(Actor, At);

public sealed record FireTimer(Guid TimerId, DateTimeOffset At) : Command("system", At);

/// <summary>
/// The calendar gained data for a year a time limit ran into: count the provisional limits again, moving
/// due dates and their timers where the holidays of that year change them.
/// </summary>
public sealed record RecomputeDeadlines(DateTimeOffset At) : Command("system", At);
