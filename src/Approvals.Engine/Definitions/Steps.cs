namespace Approvals.Engine.Definitions;

/// <summary>
/// A step of a definition. Steps nest (sequence, parallel and branch hold steps), so every fork has its
/// join by construction. <see cref="Path"/> is the step's JSON path in its file, for error messages.
/// </summary>
public abstract record Step(string Id, string Name, string? Seed, string Path)
{
    public abstract string Activity { get; }

    public virtual IEnumerable<Step> Children => [];

    public IEnumerable<Step> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

/// <summary>Who a step is addressed to: a department at a level, the forEach's current department (<c>$item</c>), or a role.</summary>
public sealed record Assignee(string? Department, string? Level, string? Role)
{
    public const string CurrentItem = "$item";

    public bool IsCurrentItem => Department == CurrentItem;
}

public enum Outcome
{
    Approve,
    Reject,
    Return,
}

public sealed record SequenceStep(string Id, string Name, string? Seed, string Path, IReadOnlyList<Step> Steps)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "sequence";

    public override IEnumerable<Step> Children => Steps;
}

public enum JoinRule
{
    All,
    Any,
    NOfM,
    AllApproveElseReturn,
    FirstRejectReturns,
}

public sealed record Join(JoinRule Rule, int? N);

public sealed record ParallelBranch(string Name, IReadOnlyList<Step> Steps, string Path);

/// <summary>Fixed <see cref="Branches"/>, or one branch per item of <see cref="ForEach"/> running <see cref="Body"/>.</summary>
public sealed record ParallelStep(
    string Id, string Name, string? Seed, string Path,
    IReadOnlyList<ParallelBranch> Branches,
    string? ForEach,
    string? Level,
    IReadOnlyList<Step> Body,
    Join Join,
    string? ReturnTo,
    ReturnLetter? OnReturn = null)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "parallel";

    public override IEnumerable<Step> Children => Branches.SelectMany(b => b.Steps).Concat(Body);
}

/// <summary>A document a returning join issues as it sends the project back (the combined opinion with what must change).</summary>
public sealed record ReturnLetter(string Document, Assignee Assignee);

/// <summary>
/// 容缺受理: the reviewer may accept while these materials come later, by the deadline. The review goes on; the step
/// <see cref="Until"/> names (the decision) waits until they are all supplied.
/// </summary>
public sealed record Deferral(IReadOnlyList<string> Materials, int DeadlineWorkingDays, DeferralConsequence OnMissed, string? Until = null);

public enum DeferralConsequence
{
    Terminate,
    Suspend,
    NotApproved,
}

public sealed record ReviewStep(
    string Id, string Name, string? Seed, string Path,
    Assignee Assignee, int TimeLimitWorkingDays, IReadOnlyList<Outcome> Outcomes, string? ReturnTo, Deferral? Deferral,
    bool ConfirmsSubProjects = false)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "review";
}

/// <summary>A human step with no decision to make: submit a plan, supplement materials.</summary>
/// <param name="Records">What completing it must write down (管护责任单位 …); null when nothing is required.</param>
public sealed record TaskStep(string Id, string Name, string? Seed, string Path, Assignee Assignee, int? TimeLimitWorkingDays, string? Records = null)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "task";
}

/// <summary>备案: stands on submission; the receiver may object within the window, else it is deemed complete.</summary>
public sealed record FilingStep(string Id, string Name, string? Seed, string Path, Assignee Assignee, int ObjectionWindowWorkingDays, string ReturnTo)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "filing";
}

/// <summary>Waits for the village's consent under the named legal rule; a failed vote may be held again.</summary>
public sealed record ConsentVoteStep(string Id, string Name, string? Seed, string Path, string Rule, int? TimeLimitWorkingDays)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "consentVote";
}

public sealed record Measure(string Fact, bool OnSite);

/// <summary>Whether an acceptance must have villagers' representatives among its participants (Ningxia 三.(九): 鼓励吸收当地群众代表参与验收).</summary>
public enum Participation
{
    None,
    Encouraged,
    Required,
}

public sealed record SignOffStep(
    string Id, string Name, string? Seed, string Path,
    Assignee Assignee, int TimeLimitWorkingDays, IReadOnlyList<Measure> Measures, string? ReturnTo,
    Participation VillageRepresentatives = Participation.None)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "signOff";
}

/// <summary>An overall decision that opens only when every step it rolls up has passed.</summary>
public sealed record AcceptanceStep(
    string Id, string Name, string? Seed, string Path,
    Assignee Assignee, int TimeLimitWorkingDays, IReadOnlyList<Outcome> Outcomes, string? ReturnTo, IReadOnlyList<string> RollsUp,
    Participation VillageRepresentatives = Participation.None)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "acceptance";
}

/// <param name="ReturnTo">Where a project the batch sends back to rectify goes; null when the batch decides passed or failed only.</param>
public sealed record BatchStep(string Id, string Name, string? Seed, string Path, string BatchKind, Assignee Assignee, string? ReturnTo = null)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "batch";
}

/// <summary>
/// A policy check on project facts: a fact or a ratio of two facts, against bounds. One the seed states 原则上 has an
/// <see cref="Exception"/> route; one without is strict.
/// </summary>
public sealed record PolicyCheck(
    string Id, string Name, string Citation, string Path,
    string? Fact, string? RatioOf, string? RatioTo, decimal? AtLeast, decimal? AtMost, object? EqualsValue,
    CheckException? Exception = null, bool OnMeasured = false);

/// <summary>Who decides an exception to a 原则上 limit (the body the seed or the law names), within what time.</summary>
public sealed record CheckException(Assignee Assignee, int TimeLimitWorkingDays);

public sealed record GateStep(string Id, string Name, string? Seed, string Path, IReadOnlyList<PolicyCheck> Checks)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "gate";
}

public sealed record LetterStep(string Id, string Name, string? Seed, string Path, string Document, Assignee Assignee)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "letter";
}

public sealed record NotifyStep(string Id, string Name, string? Seed, string Path, IReadOnlyList<Assignee> To, string Message)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "notify";
}

/// <summary>A condition on project facts: a comparison, or all / any / not of conditions.</summary>
public sealed record Condition(
    string Path,
    string? Fact = null,
    object? EqualsValue = null,
    decimal? AtLeast = null,
    decimal? AtMost = null,
    IReadOnlyList<Condition>? All = null,
    IReadOnlyList<Condition>? Any = null,
    Condition? Not = null)
{
    /// <summary>A canonical text of the condition, to spot two cases that test the same thing.</summary>
    public string Canonical =>
        Fact is not null ? $"{Fact}={EqualsValue}|>={AtLeast}|<={AtMost}"
        : All is not null ? "all(" + string.Join(',', All.Select(c => c.Canonical)) + ")"
        : Any is not null ? "any(" + string.Join(',', Any.Select(c => c.Canonical)) + ")"
        : Not is not null ? "not(" + Not.Canonical + ")"
        : "?";
}

public sealed record BranchCase(string Name, Condition? When, bool Otherwise, IReadOnlyList<Step> Steps, string Path);

public sealed record BranchStep(string Id, string Name, string? Seed, string Path, IReadOnlyList<BranchCase> Cases)
    : Step(Id, Name, Seed, Path)
{
    public override string Activity => "branch";

    public override IEnumerable<Step> Children => Cases.SelectMany(c => c.Steps);
}
