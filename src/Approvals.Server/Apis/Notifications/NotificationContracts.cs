namespace Approvals.Server.Apis.Notifications;

public sealed record NotificationView(
    Guid Id, string Type, string Title, string ProjectId, string ProjectName, Guid? TaskId, DateTimeOffset? DueAt,
    DateTimeOffset OccurredAt, DateTimeOffset DeliveredAt, DateTimeOffset? ReadAt, string? ReadBy);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, int Total, int Unread);

public sealed record UnreadCount(int Unread);

public sealed record MarkedRead(int Marked);
