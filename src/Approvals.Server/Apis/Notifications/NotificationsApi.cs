using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Notifications;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Notifications;

/// <summary>My organisation's notifications: what the message bus delivered to my department (or village, or entity).</summary>
public static class NotificationsApi
{
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

    private static async Task<Results<Ok<NotificationPage>, ProblemHttpResult, ForbidHttpResult>> ListAsync(
        ClaimsPrincipal user, TaskAccess access, bool? unread, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (access.Notifications(user) is not { } delivered)
        {
            return TypedResults.Forbid();
        }

        var paging = new PageRequest(page, pageSize);
        if (paging.Problem() is { } problem)
        {
            return problem;
        }

        var mine = delivered.AsNoTracking();
        var query = unread == true ? mine.Where(n => n.ReadAt == null) : mine;
        var rows = await paging.Of(query.OrderByDescending(n => n.OccurredAt).ThenByDescending(n => n.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new NotificationPage([.. rows.Select(View)], paging.Number, paging.Size, await query.CountAsync(cancellationToken),
            await mine.CountAsync(n => n.ReadAt == null, cancellationToken)));
    }

    private static async Task<Results<Ok<UnreadCount>, ForbidHttpResult>> CountAsync(ClaimsPrincipal user, TaskAccess access, CancellationToken cancellationToken) =>
        access.Notifications(user) is { } delivered
            ? TypedResults.Ok(new UnreadCount(await delivered.AsNoTracking().CountAsync(n => n.ReadAt == null, cancellationToken)))
            : TypedResults.Forbid();

    private static async Task<Results<Ok<NotificationView>, NotFound, ForbidHttpResult>> ReadAsync(
        Guid notificationId, ClaimsPrincipal user, TaskAccess access, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await access.NotificationAsync(notificationId, user, cancellationToken);
        if (found.Granted is not { } row)
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (row.ReadAt is null)
        {
            row.ReadAt = time.GetUtcNow();
            row.ReadBy = Caller.Of(user)!.Actor;
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(View(row));
    }

    private static async Task<Results<Ok<MarkedRead>, ForbidHttpResult>> ReadAllAsync(ClaimsPrincipal user, TaskAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (access.Notifications(user) is not { } delivered || Caller.Of(user) is not { } caller)
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        var marked = await delivered.Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now).SetProperty(n => n.ReadBy, caller.Actor), cancellationToken);
        return TypedResults.Ok(new MarkedRead(marked));
    }

    private static NotificationView View(Notification n) =>
        new(n.Id, n.MessageType, n.Title, n.ProjectId, n.ProjectName, n.TaskId, n.DueAt, n.OccurredAt, n.DeliveredAt, n.ReadAt, n.ReadBy);
}
