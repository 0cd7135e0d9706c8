using System.Security.Claims;
using Approvals.Persistence;
using Approvals.Persistence.Webhooks;
using Approvals.Server.Idempotency;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Webhooks;

public sealed record WebhookInput(string? Url, string? Secret, bool? Enabled, int? MaxAttempts);

/// <summary>A webhook as shown back: never its secret.</summary>
public sealed record WebhookView(string OrganisationId, string Url, bool Enabled, int MaxAttempts, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record WebhookDeliveryView(
    Guid Id, Guid MessageId, string Url, string Status, int Attempts, DateTimeOffset AvailableAt, int? LastStatusCode, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>
/// An organisation's own outbound webhook: where its messages are also POSTed (signed), what was delivered,
/// what was dead-lettered, and replaying a dead delivery once its system is back.
/// </summary>
public static class WebhooksApi
{
    public const int MinimumSecretLength = 16;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks/mine").WithTags("Webhooks").RequireAuthorization();
        group.MapGet("", GetAsync).WithName("MyWebhook").WithSummary("My organisation's webhook (without its secret); 404 when it has none.");
        group.MapPut("", PutAsync).RequireIdempotencyKey().WithName("SetMyWebhook")
            .WithSummary("Set my organisation's webhook: an http(s) URL, a secret of at least 16 characters for the HMAC-SHA256 signature, attempts before dead-lettering (default 6).");
        group.MapGet("/deliveries", DeliveriesAsync).WithName("MyWebhookDeliveries")
            .WithSummary("My webhook's deliveries, newest first; status=dead for the dead letters an operator may replay.");
        group.MapPost("/deliveries/{deliveryId:guid}/replay", ReplayAsync).RequireIdempotencyKey().WithName("ReplayWebhookDelivery")
            .WithSummary("Send a dead (or still pending) delivery again, from its first attempt.");
        return app;
    }

    private static WebhookView View(Webhook w) => new(w.OrganisationId, w.Url, w.Enabled, w.MaxAttempts, w.UpdatedBy, w.UpdatedAt);

    private static WebhookDeliveryView View(WebhookDelivery d) =>
        new(d.Id, d.MessageId, d.Url, d.Status, d.Attempts, d.AvailableAt, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt);

    private static async Task<Results<Ok<WebhookView>, NotFound, ForbidHttpResult>> GetAsync(ClaimsPrincipal user, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        if (Caller.Of(user) is not { } caller)
        {
            return TypedResults.Forbid();
        }

        var hook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.OrganisationId == caller.OrganisationId, cancellationToken);
        return hook is null ? TypedResults.NotFound() : TypedResults.Ok(View(hook));
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult, ForbidHttpResult>> PutAsync(
        WebhookInput input, ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Caller.Of(user) is not { } caller)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        errors.Require(Uri.TryCreate(input.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && input.Url!.Length <= 500,
            "url", "请填写 http 或 https 地址（不超过500字符）");
        errors.Require(input.Secret is { Length: >= MinimumSecretLength and <= 200 }, "secret", $"签名密钥至少{MinimumSecretLength}个字符");
        errors.Require(input.MaxAttempts is null or (>= 1 and <= 20), "maxAttempts", "尝试次数为1至20");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var hook = await db.Webhooks.FirstOrDefaultAsync(w => w.OrganisationId == caller.OrganisationId, cancellationToken);
        if (hook is null)
        {
            hook = new Webhook { OrganisationId = caller.OrganisationId, Url = "", Secret = "", UpdatedBy = "" };
            db.Webhooks.Add(hook);
        }

        hook.Url = input.Url!;
        hook.Secret = input.Secret!;
        hook.Enabled = input.Enabled ?? true;
        hook.MaxAttempts = input.MaxAttempts ?? 6;
        hook.UpdatedBy = caller.Actor;
        hook.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(hook));
    }

    private static async Task<Results<Ok<List<WebhookDeliveryView>>, ProblemHttpResult, ForbidHttpResult>> DeliveriesAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, string? status, CancellationToken cancellationToken)
    {
        if (Caller.Of(user) is not { } caller)
        {
            return TypedResults.Forbid();
        }

        if (status is not (null or "pending" or "delivered" or "dead"))
        {
            return ApiProblems.Field("status", "状态为 pending、delivered 或 dead");
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.OrganisationId == caller.OrganisationId);
        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }

        var rows = await query.OrderByDescending(d => d.CreatedAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(View).ToList());
    }

    private static async Task<Results<Ok<WebhookDeliveryView>, NotFound, ProblemHttpResult, ForbidHttpResult>> ReplayAsync(
        Guid deliveryId, ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return TypedResults.NotFound();
        }

        if (Caller.Of(user) is not { } caller || caller.OrganisationId != delivery.OrganisationId)
        {
            return TypedResults.Forbid();
        }

        if (delivery.Status == "delivered")
        {
            return ApiProblems.Conflict("已送达，无需重发", View(delivery));
        }

        delivery.Status = "pending";
        delivery.Attempts = 0;
        delivery.AvailableAt = time.GetUtcNow();
        delivery.LastError = null;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(delivery));
    }
}
