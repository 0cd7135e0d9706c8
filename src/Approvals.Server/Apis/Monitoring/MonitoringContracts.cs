namespace Approvals.Server.Apis.Monitoring;

/// <summary>An open task as a manager sees it: whose, how long open and how late, in working days.</summary>
public sealed record MonitoredTask(
    Guid TaskId, string ProjectId, string ProjectName, string CountyCode, string? CountyName, string DefinitionId,
    string StepId, string StepName, string? Item, string Organisation, string? OrganisationName,
    DateTimeOffset OpenedAt, DateTimeOffset? DueAt, string? Warning, bool Overdue, int WorkingDaysOpen, int WorkingDaysOverdue, string Link);

public sealed record MonitoredTaskPage(IReadOnlyList<MonitoredTask> Items, int Page, int PageSize, int Total);

/// <summary>Open tasks by age in working days since they opened.</summary>
public sealed record Ageing(int UpToFive, int SixToTen, int ElevenToTwenty, int OverTwenty);

/// <summary>One line of a breakdown: its key and name, its counts, and the list behind them (<see cref="Drill"/>, a query for /api/monitoring/tasks).</summary>
public sealed record BreakdownRow(string Key, string Name, int Open, int DueSoon, int Overdue, Ageing Ageing, string Drill);
