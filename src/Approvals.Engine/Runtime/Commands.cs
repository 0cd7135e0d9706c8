using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>Something that moves an instance on. <see cref="Actor"/> is a user id, or <c>system</c> for timers.</summary>
public abstract record Command(string Actor, DateTimeOffset At);

/// <summary>A department (or role) decides a task: approve, reject or return; a sign-off brings its figures, an acceptance its participants.</summary>
public sealed record CompleteTask(
    Guid TaskId, Outcome Outcome, string? Opinion, string Actor, DateTimeOffset At,
    IReadOnlyDictionary<string, decimal>? Figures = null, IReadOnlyList<Participant>? Participants = null) : Command(Actor, At);

/// <summary>容缺受理: accept the review while these materials (from the step's list) come later.</summary>
public sealed record AcceptWithDeferral(Guid TaskId, IReadOnlyList<string> Materials, string Actor, DateTimeOffset At) : Command(Actor, At);

public sealed record SupplementMaterial(Guid TaskId, string Material, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>The receiving office objects to a filing within its window: the project goes back.</summary>
public sealed record ObjectToFiling(Guid TaskId, string Reason, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>The consent module's verdict on a village's vote (the legal evaluation is its business).</summary>
public sealed record RecordConsent(string VillageCode, bool Passed, string Summary, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>A higher office closed a batch this instance waits in, with its decision.</summary>
public sealed record CloseBatch(string BatchKind, string BatchReference, bool Approved, string Actor, DateTimeOffset At) : Command(Actor, At);

/// <summary>The project's figures changed; blocked gates are checked again.</summary>
public sealed record UpdateFacts(Facts Changes, string Actor, DateTimeOffset At) : Command(Actor, At);

public sealed record FireTimer(Guid TimerId, DateTimeOffset At) : Command("system", At);

/// <summary>
/// The calendar gained data for a year a time limit ran into: count the provisional limits again, moving
/// due dates and their timers where the holidays of that year change them.
/// </summary>
public sealed record RecomputeDeadlines(DateTimeOffset At) : Command("system", At);
