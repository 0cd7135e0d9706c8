using System.Security.Cryptography;
using System.Text;
using Approvals.Persistence;
using Approvals.Persistence.Idempotency;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Idempotency;

/// <summary>
/// Runs a command and records its answer under the caller's Idempotency-Key in one transaction, so that the
/// effect and the record commit together. A second send with the same key replays the first answer and does
/// nothing else; two sends racing on PostgreSQL collide on the record's key, and the loser, rolled back,
/// replays the winner. Refusals (4xx) are not recorded: they changed nothing, and a retry may succeed.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ApprovalsDbContext db, WriteGate gate, TimeProvider time)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentCommand>() is null || Caller.Of(context.User) is not { } caller)
        {
            await next(context);
            return;
        }

        var key = context.Request.Headers[IdempotentCommand.Header].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > IdempotentCommand.MaxKeyLength)
        {
            await Problem(context, StatusCodes.Status400BadRequest, "缺少或无效的 Idempotency-Key",
                $"每个办理请求须带 Idempotency-Key 请求头（1至{IdempotentCommand.MaxKeyLength}个字符），重复提交时据此只办理一次。");
            return;
        }

        var requestHash = await HashAsync(context.Request, context.RequestAborted);
        using var turn = await gate.EnterAsync(context.RequestAborted);
        if (await FindAsync(db, caller.UserId, key, context.RequestAborted) is { } earlier)
        {
            await ReplayOrRefuseAsync(context, earlier, requestHash);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var recorded = false;
        try
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted))
            {
                await next(context);
                if (context.Response.StatusCode is >= 200 and < 300)
                {
                    db.ChangeTracker.Clear();
                    db.IdempotencyRecords.Add(new IdempotencyRecord
                    {
                        UserId = caller.UserId, Key = key, RequestHash = requestHash, StatusCode = context.Response.StatusCode,
                        ContentType = context.Response.ContentType, Body = Encoding.UTF8.GetString(buffer.ToArray()), CreatedAt = time.GetUtcNow(),
                    });
                    try
                    {
                        await db.SaveChangesAsync(context.RequestAborted);
                        await transaction.CommitAsync(context.RequestAborted);
                        recorded = true;
                    }
                    catch (DbUpdateException)
                    {
                        // The same key committed first in another request; this one's effect is rolled back.
                    }
                }
            }

            db.ChangeTracker.Clear();
            if (!recorded && await FindAsync(db, caller.UserId, key, context.RequestAborted) is { } winner)
            {
                context.Response.Body = original;
                context.Response.Headers.Clear();
                await ReplayOrRefuseAsync(context, winner, requestHash);
                return;
            }
        }
        finally
        {
            context.Response.Body = original;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static Task<IdempotencyRecord?> FindAsync(ApprovalsDbContext db, string userId, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);

    private static async Task ReplayOrRefuseAsync(HttpContext context, IdempotencyRecord earlier, string requestHash)
    {
        if (earlier.RequestHash.Trim() != requestHash)
        {
            await Problem(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key 已用于另一请求",
                "同一个 Idempotency-Key 只能用于同一个请求；办理另一件事请换一个新的键。");
            return;
        }

        context.Response.StatusCode = earlier.StatusCode;
        context.Response.Headers[IdempotentCommand.ReplayedHeader] = "true";
        if (earlier.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType;
        }

        await context.Response.WriteAsync(earlier.Body, context.RequestAborted);
    }

    private static async Task<string> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static Task Problem(HttpContext context, int status, string title, string detail)
    {
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [IdempotentCommand.Header] = [detail] })
        {
            Status = status, Title = title, Detail = detail,
        };
        return Results.Problem(problem).ExecuteAsync(context);
    }
}
