namespace Approvals.Server.Apis.Inbox;

public sealed record InboxItem(
    Guid TaskId, Guid InstanceId, string ProjectId, string ProjectName, string StepId, string StepName, string Activity,
    string? Item, DateOnly? DueDate, DateTimeOffset? DueAt, bool DueProvisional, string? Warning, IReadOnlyList<string> Outcomes, DateTimeOffset OpenedAt);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Page, int PageSize, int Total);
