namespace Approvals.Server.Apis.Projects;

// Requests: every member nullable, so that a missing one is a field error naming it, not a binding failure.

public sealed record VillageInput(string? Code, string? Name, int? Electorate, int? Households, int? Representatives);

public sealed record SubProjectInput(string? Key, string? Name, string? Department, string? Plan, string? Description);

public sealed record FactsInput(Dictionary<string, decimal>? Numbers, Dictionary<string, bool>? Flags);

/// <summary>A project as registered or edited. <see cref="Version"/> is required when editing (optimistic concurrency).</summary>
public sealed record ProjectInput(
    string? Name, string? DefinitionId, string? TownCode, string? ImplementingEntityId, decimal? Area,
    List<VillageInput>? Villages, List<SubProjectInput>? SubProjects, FactsInput? Facts, List<string>? Materials, int? Version = null);

// Answers.

public sealed record VillageView(string Code, string Name, int Electorate, int Households, int? Representatives);

public sealed record SubProjectView(string Key, string Name, string Department, string DepartmentName, string Plan, string? Description);

public sealed record FactsView(IReadOnlyDictionary<string, decimal> Numbers, IReadOnlyDictionary<string, bool> Flags);

public sealed record OpenTaskView(
    Guid TaskId, string StepId, string StepName, string Activity, string AssigneeKind, string AssigneeCode, string AssigneeJurisdiction,
    string? Item, DateOnly? DueDate, DateTimeOffset? DueAt, string? Warning, string? AssignedToName);

/// <summary>Something the process waits for from outside: a village's vote (consent), the city's batch (batch), new figures (gate).</summary>
public sealed record WaitingView(string Kind, string Key);

public sealed record ProcessView(
    Guid InstanceId, string DefinitionId, int DefinitionVersion, string Status, string? StatusReason, IReadOnlyList<string> CurrentSteps,
    IReadOnlyList<OpenTaskView> OpenTasks, IReadOnlyList<WaitingView> Waiting, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record ProjectView(
    Guid Id, string Name, string DefinitionId, string Status,
    string ProvinceCode, string CityCode, string CountyCode, string TownCode, string ImplementingEntityId, decimal Area,
    IReadOnlyList<VillageView> Villages, IReadOnlyList<SubProjectView> SubProjects, FactsView Facts, IReadOnlyList<string> Materials,
    int Version, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ProcessView? Process);

public sealed record ProjectSummary(
    Guid Id, string Name, string DefinitionId, string Status, string CountyCode, string TownCode, string ImplementingEntityId,
    IReadOnlyList<string> CurrentSteps, string? ProcessStatus, DateTimeOffset UpdatedAt);

public sealed record ProjectPage(IReadOnlyList<ProjectSummary> Items, int Page, int PageSize, int Total);

/// <summary>One line of a project's history, from its audit chains (the project's own and its process's).</summary>
public sealed record TimelineEntry(
    DateTimeOffset At, string Actor, string Action, string Subject, string? Reason, IReadOnlyDictionary<string, string?> Details, string Stream, int Sequence);

/// <summary>
/// 项目更正 of a started project: the version read, the reason, and only the parts that change. Figures given replace
/// those of the same code; villages and sub-projects, when given, replace the lists.
/// </summary>
public sealed record ProjectCorrectionInput(
    int? Version, string? Reason, decimal? Area, List<VillageInput>? Villages, List<SubProjectInput>? SubProjects, FactsInput? Facts);
