using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Notifications;
using Approvals.Server.Idempotency;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis;

public sealed record NotificationView(
    Guid Id, string Type, string Title, string ProjectId, string ProjectName, Guid? TaskId, DateTimeOffset? DueAt,
    DateTimeOffset OccurredAt, DateTimeOffset DeliveredAt, DateTimeOffset? ReadAt, string? ReadBy);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, int Total, int Unread);

public sealed record UnreadCount(int Unread);

public sealed record MarkedRead(int Marked);

/// <summary>My organisation's notifications: what the message bus delivered to my department (or village, or entity).</summary>
public static class NotificationsApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("", ListAsync).WithName("MyNotifications")
            .WithSummary("My department's (village's, entity's) notifications, newest first; unread=true for the unread only. Paginated.");
        group.MapGet("/unread-count", CountAsync).WithName("UnreadNotificationCount").WithSummary("How many of my notifications are unread.");
        group.MapPost("/{notificationId:guid}/read", ReadAsync).RequireIdempotencyKey().WithName("MarkNotificationRead")
            .WithSummary("Mark one notification read (for the whole department; reading it again changes nothing).");
        group.MapPost("/read-all", ReadAllAsync).RequireIdempotencyKey().WithName("MarkAllNotificationsRead").WithSummary("Mark all my notifications read.");
        return app;
    }

    private static IQueryable<Notification> Mine(ApprovalsDbContext db, TaskScope scope) =>
        db.Notifications.Where(n => n.RecipientKind == scope.Kind && n.RecipientCode == scope.Code && n.RecipientJurisdiction == scope.Jurisdiction);

    private static async Task<Results<Ok<NotificationPage>, ProblemHttpResult, ForbidHttpResult>> ListAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, bool? unread, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (TaskScope.Of(user) is not { } scope)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        errors.Require(page is null or >= 1, "page", "页码从1开始");
        errors.Require(pageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"每页1至{MaxPageSize}条");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var mine = Mine(db, scope).AsNoTracking();
        var query = unread == true ? mine.Where(n => n.ReadAt == null) : mine;
        var (number, size) = (page ?? 1, pageSize ?? 20);
        var rows = await query.OrderByDescending(n => n.OccurredAt).ThenByDescending(n => n.Id).Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new NotificationPage([.. rows.Select(View)], number, size, await query.CountAsync(cancellationToken),
            await mine.CountAsync(n => n.ReadAt == null, cancellationToken)));
    }

    private static async Task<Results<Ok<UnreadCount>, ForbidHttpResult>> CountAsync(ClaimsPrincipal user, ApprovalsDbContext db, CancellationToken cancellationToken) =>
        TaskScope.Of(user) is { } scope
            ? TypedResults.Ok(new UnreadCount(await Mine(db, scope).AsNoTracking().CountAsync(n => n.ReadAt == null, cancellationToken)))
            : TypedResults.Forbid();

    private static async Task<Results<Ok<NotificationView>, NotFound, ForbidHttpResult>> ReadAsync(
        Guid notificationId, ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var row = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId, cancellationToken);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        if (TaskScope.Of(user) is not { } scope || !scope.Holds(row.RecipientKind, row.RecipientCode, row.RecipientJurisdiction) || Caller.Of(user) is not { } caller)
        {
            return TypedResults.Forbid();
        }

        if (row.ReadAt is null)
        {
            row.ReadAt = time.GetUtcNow();
            row.ReadBy = caller.Actor;
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(View(row));
    }

    private static async Task<Results<Ok<MarkedRead>, ForbidHttpResult>> ReadAllAsync(ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (TaskScope.Of(user) is not { } scope || Caller.Of(user) is not { } caller)
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        var marked = await Mine(db, scope).Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now).SetProperty(n => n.ReadBy, caller.Actor), cancellationToken);
        return TypedResults.Ok(new MarkedRead(marked));
    }

    private static NotificationView View(Notification n) =>
        new(n.Id, n.MessageType, n.Title, n.ProjectId, n.ProjectName, n.TaskId, n.DueAt, n.OccurredAt, n.DeliveredAt, n.ReadAt, n.ReadBy);
}
