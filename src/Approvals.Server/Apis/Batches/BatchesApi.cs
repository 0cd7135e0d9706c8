using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Batches;
using Approvals.Runtime.Workflows;
using Approvals.Server.Idempotency;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Batches;

public sealed record WaitingProject(Guid InstanceId, string ProjectId, string ProjectName, string CountyCode, DateTimeOffset WaitingSince, Guid? BatchId);

public sealed record OpenBatchInput(string? Kind, string? Reference, List<Guid>? InstanceIds);

/// <summary>
/// Closing a batch: a decision per project (<see cref="Decisions"/>: passed, rectify, failed, with the opinion on it), or one
/// for all (<see cref="Approved"/>). One project's failure is not the batch's.
/// </summary>
public sealed record CloseBatchInput(bool? Approved, string? Opinion, List<MemberDecisionInput>? Decisions = null);

public sealed record MemberDecisionInput(Guid? InstanceId, string? Decision, string? Opinion);

public sealed record BatchMemberView(Guid InstanceId, string ProjectId, string ProjectName, string CountyCode, string Status, string? Decision = null, string? Opinion = null);

public sealed record BatchView(
    Guid Id, string Kind, string KindName, string OfficeJurisdiction, string Reference, string Status, bool? Approved, string? Opinion,
    string OpenedBy, DateTimeOffset OpenedAt, string? ClosedBy, DateTimeOffset? ClosedAt, IReadOnlyList<BatchMemberView> Members);

/// <summary>
/// The city leading group office's batch acceptance (统一验收): which projects wait for it, opening a batch
/// of them, and closing it with a decision for each member (passed, to rectify, failed) in one transaction.
/// </summary>
public static class BatchesApi
{
    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/batches").WithTags("Batches").RequireAuthorization();

        group.MapGet("/waiting", WaitingAsync).WithName("ProjectsWaitingForBatch")
            .WithSummary("Projects waiting for my office's batch of this kind (default city-unified-acceptance), oldest first, with the batch each is already in.");
        group.MapGet("", ListAsync).WithName("ListBatches").WithSummary("My office's batches, newest first.");
        group.MapGet("/{batchId:guid}", GetAsync).WithName("GetBatch").WithSummary("A batch with its member projects and where each stands.");
        group.MapPost("", OpenAsync).RequireIdempotencyKey().WithName("OpenBatch")
            .WithSummary("Open a batch (e.g. 2026年第2批) of projects waiting for my office; each project can be in one batch only.");
        group.MapPost("/{batchId:guid}/close", CloseAsync).RequireIdempotencyKey().WithName("CloseBatch")
            .WithSummary("Close the batch deciding each project: decisions [{instanceId, decision: passed / rectify / failed, opinion}] (rectify sends it back to the town with the opinion, to join a later batch), or approved true / false for all. One transaction.");
        return app;
    }

    private const string DefaultKind = "city-unified-acceptance";

    /// <summary>The office a batch belongs to: a leading group office, at its own jurisdiction.</summary>
    private static Caller? Office(ClaimsPrincipal user) => Caller.Of(user) is { IsLeadingGroupOffice: true } caller ? caller : null;

    private static async Task<Results<Ok<List<WaitingProject>>, ProblemHttpResult, ForbidHttpResult>> WaitingAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, EngineContext engine, string? kind, CancellationToken cancellationToken)
    {
        if (Office(user) is not { } office)
        {
            return TypedResults.Forbid();
        }

        kind ??= DefaultKind;
        if (engine.Catalogue.BatchKinds.All(k => k.Code != kind))
        {
            return ApiProblems.Field("kind", $"未知的批次类型：{kind}");
        }

        var key = BookmarkKeys.Batch(kind, office.Jurisdiction);
        var rows = await db.Bookmarks.AsNoTracking().Where(b => b.Kind == nameof(BookmarkKind.Batch) && b.Key == key)
            .Join(db.Instances.AsNoTracking(), b => b.InstanceId, i => i.Id, (b, i) => new { i.Id, i.ProjectId, i.ProjectName, i.CountyCode, b.CreatedAt })
            .GroupJoin(db.BatchMembers.AsNoTracking(), x => x.Id, m => m.InstanceId, (x, m) => new { x, m })
            .SelectMany(x => x.m.DefaultIfEmpty(), (x, m) => new { x.x, BatchId = m == null ? (Guid?)null : m.BatchId })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.OrderBy(r => r.x.CreatedAt)
            .Select(r => new WaitingProject(r.x.Id, r.x.ProjectId, r.x.ProjectName, r.x.CountyCode, r.x.CreatedAt, r.BatchId)).ToList());
    }

    private static async Task<Results<Ok<List<BatchView>>, ForbidHttpResult>> ListAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, EngineContext engine, CancellationToken cancellationToken)
    {
        if (Office(user) is not { } office)
        {
            return TypedResults.Forbid();
        }

        var ids = await db.Batches.AsNoTracking().Where(b => b.OfficeJurisdiction == office.Jurisdiction)
            .OrderByDescending(b => b.OpenedAt).Select(b => b.Id).Take(200).ToListAsync(cancellationToken);
        var views = new List<BatchView>();
        foreach (var id in ids)
        {
            views.Add((await ViewAsync(db, engine, id, cancellationToken))!);
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<BatchView>, NotFound, ForbidHttpResult>> GetAsync(
        Guid batchId, ClaimsPrincipal user, ApprovalsDbContext db, EngineContext engine, CancellationToken cancellationToken)
    {
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return TypedResults.NotFound();
        }

        if (Office(user) is not { } office || office.Jurisdiction != batch.OfficeJurisdiction)
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok((await ViewAsync(db, engine, batchId, cancellationToken))!);
    }

    private static async Task<Results<Created<BatchView>, ProblemHttpResult, ForbidHttpResult>> OpenAsync(
        OpenBatchInput input, ClaimsPrincipal user, ApprovalsDbContext db, EngineContext engine, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Office(user) is not { } office)
        {
            return TypedResults.Forbid();
        }

        var kind = input.Kind ?? DefaultKind;
        var errors = new ApiProblems.Errors();
        errors.Require(engine.Catalogue.BatchKinds.Any(k => k.Code == kind), "kind", $"未知的批次类型：{kind}");
        errors.Require(!string.IsNullOrWhiteSpace(input.Reference) && input.Reference.Length <= 100, "reference", "请填写批次名称（如 2026年第2批，不超过100字）");
        if (errors.Require(input.InstanceIds is { Count: > 0 }, "instanceIds", "请选择纳入本批次的项目"))
        {
            var key = BookmarkKeys.Batch(kind, office.Jurisdiction);
            var ids = input.InstanceIds!;
            var waiting = await db.Bookmarks.AsNoTracking().Where(b => b.Kind == nameof(BookmarkKind.Batch) && b.Key == key && ids.Contains(b.InstanceId))
                .Select(b => b.InstanceId).ToListAsync(cancellationToken);
            var taken = await db.BatchMembers.AsNoTracking().Where(m => ids.Contains(m.InstanceId) && m.Decision == null).Select(m => m.InstanceId).ToListAsync(cancellationToken);
            for (var i = 0; i < ids.Count; i++)
            {
                if (errors.Require(waiting.Contains(ids[i]), $"instanceIds[{i}]", "该项目不在等待本单位此类批次"))
                {
                    errors.Require(!taken.Contains(ids[i]), $"instanceIds[{i}]", "该项目已在另一批次中");
                    errors.Require(ids.IndexOf(ids[i]) == i, $"instanceIds[{i}]", "项目重复");
                }
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var reference = input.Reference!.Trim();
        if (await db.Batches.AnyAsync(b => b.Kind == kind && b.OfficeJurisdiction == office.Jurisdiction && b.Reference == reference, cancellationToken))
        {
            return ApiProblems.Field("reference", $"本单位已有名为“{reference}”的批次");
        }

        var now = time.GetUtcNow();
        var batch = new Batch
        {
            Id = Guid.CreateVersion7(), Kind = kind, OfficeJurisdiction = office.Jurisdiction, Reference = reference, Status = "open",
            OpenedBy = office.Actor, OpenedAt = now, Version = 1,
            Members = [.. input.InstanceIds!.Select(id => new BatchMember { InstanceId = id })],
        };
        db.Batches.Add(batch);
        foreach (var instance in await db.Instances.Where(i => input.InstanceIds!.Contains(i.Id)).ToListAsync(cancellationToken))
        {
            AuditTrail.Append(db, instance, new Audited(office.Actor, "batch.opened", reference, null,
                new Dictionary<string, string?> { ["batch"] = batch.Id.ToString(), ["kind"] = kind }, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("所选项目同时被纳入了其他批次，请刷新后重试");
        }

        return TypedResults.Created($"/api/batches/{batch.Id}", (await ViewAsync(db, engine, batch.Id, cancellationToken))!);
    }

    private static async Task<Results<Ok<BatchView>, NotFound, ProblemHttpResult, ForbidHttpResult>> CloseAsync(
        Guid batchId, CloseBatchInput input, ClaimsPrincipal user, ApprovalsDbContext db, WorkflowRuntime runtime, EngineContext engine, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var batch = await db.Batches.AsNoTracking().Include(b => b.Members).FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return TypedResults.NotFound();
        }

        if (Office(user) is not { } office || office.Jurisdiction != batch.OfficeJurisdiction)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        var decisions = Decisions(input, batch.Members, errors);
        errors.Require(input.Opinion is null || input.Opinion.Length <= 4000, "opinion", "意见不超过4000字");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (batch.Status != "open")
        {
            return ApiProblems.Conflict("该批次已关闭", await ViewAsync(db, engine, batchId, cancellationToken));
        }

        var now = time.GetUtcNow();
        var index = 0;
        foreach (var (instanceId, decision, opinion) in decisions)
        {
            try
            {
                await runtime.ExecuteAsync(instanceId, new CloseBatch(batch.Kind, batch.Reference, decision, office.Actor, now, opinion), cancellationToken);
            }
            catch (EngineException ex) when (ex.Kind == EngineErrorKind.Invalid)
            {
                // The whole close is one transaction: a decision the project's process does not take leaves every member where it was.
                return ApiProblems.Field(input.Decisions is null ? ex.Field ?? "approved" : $"decisions[{index}].{ex.Field ?? "decision"}", ex.Message);
            }
            catch (EngineException ex)
            {
                return ApiProblems.Conflict($"批次中的项目 {instanceId} 不能关闭：{ex.Message}", await ViewAsync(db, engine, batchId, cancellationToken));
            }
            catch (ConcurrencyConflictException)
            {
                return ApiProblems.Conflict("批次中的项目同时有其他办理，请重试");
            }

            index++;
        }

        foreach (var member in await db.BatchMembers.Where(m => m.BatchId == batchId).ToListAsync(cancellationToken))
        {
            var (_, decision, opinion) = decisions.First(d => d.InstanceId == member.InstanceId);
            member.Decision = decision switch
            {
                BatchDecision.Passed => BatchMemberDecision.Passed,
                BatchDecision.Rectify => BatchMemberDecision.Rectify,
                _ => BatchMemberDecision.Failed,
            };
            member.Opinion = opinion;
        }

        var row = await db.Batches.FirstAsync(b => b.Id == batchId, cancellationToken);
        row.Status = "closed";
        row.Approved = decisions.All(d => d.Decision == BatchDecision.Passed) ? true : decisions.All(d => d.Decision == BatchDecision.Failed) ? false : null;
        row.Opinion = input.Opinion?.Trim();
        row.ClosedBy = office.Actor;
        row.ClosedAt = now;
        row.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("该批次同时被他人关闭");
        }

        return TypedResults.Ok((await ViewAsync(db, engine, batchId, cancellationToken))!);
    }

    private static async Task<BatchView?> ViewAsync(ApprovalsDbContext db, EngineContext engine, Guid batchId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var members = await db.BatchMembers.AsNoTracking().Where(m => m.BatchId == batchId)
            .Join(db.Instances.AsNoTracking(), m => m.InstanceId, i => i.Id, (m, i) => new BatchMemberView(i.Id, i.ProjectId, i.ProjectName, i.CountyCode, i.Status, m.Decision, m.Opinion))
            .ToListAsync(cancellationToken);
        return new BatchView(batch.Id, batch.Kind, engine.Catalogue.BatchKinds.FirstOrDefault(k => k.Code == batch.Kind)?.Name ?? batch.Kind,
            batch.OfficeJurisdiction, batch.Reference, batch.Status, batch.Approved, batch.Opinion, batch.OpenedBy, batch.OpenedAt, batch.ClosedBy, batch.ClosedAt,
            [.. members.OrderBy(m => m.ProjectName, StringComparer.Ordinal)]);
    }

    /// <summary>Each member's decision, from the list or from the one for all; each fault named at its place.</summary>
    private static List<(Guid InstanceId, BatchDecision Decision, string? Opinion)> Decisions(CloseBatchInput input, List<BatchMember> members, ApiProblems.Errors errors)
    {
        var batchOpinion = string.IsNullOrWhiteSpace(input.Opinion) ? null : input.Opinion.Trim();
        if (input.Decisions is null)
        {
            errors.Require(input.Approved is not null, "approved", "请作出验收决定：逐个项目（decisions），或全部（approved: true / false）");
            errors.Require(input.Approved != false || batchOpinion is not null, "opinion", "验收未通过须填写意见");
            return [.. members.OrderBy(m => m.InstanceId).Select(m => (m.InstanceId, input.Approved == true ? BatchDecision.Passed : BatchDecision.Failed, batchOpinion))];
        }

        var result = new List<(Guid, BatchDecision, string?)>();
        for (var i = 0; i < input.Decisions.Count; i++)
        {
            var d = input.Decisions[i];
            var at = $"decisions[{i}]";
            if (d is null)
            {
                errors.Add(at, "不能为空");
                continue;
            }

            var member = errors.Require(d.InstanceId is { } id && members.Any(m => m.InstanceId == id), $"{at}.instanceId", "该项目不在本批次中")
                && errors.Require(input.Decisions.FindIndex(x => x?.InstanceId == d.InstanceId) == i, $"{at}.instanceId", "项目重复");
            BatchDecision? decision = d.Decision switch
            {
                BatchMemberDecision.Passed => BatchDecision.Passed,
                BatchMemberDecision.Rectify => BatchDecision.Rectify,
                BatchMemberDecision.Failed => BatchDecision.Failed,
                _ => null,
            };
            errors.Require(decision is not null, $"{at}.decision", "验收决定为 passed（通过）、rectify（整改）或 failed（不通过）");
            var opinion = string.IsNullOrWhiteSpace(d.Opinion) ? batchOpinion : d.Opinion.Trim();
            errors.Require(decision is null or BatchDecision.Passed || opinion is not null, $"{at}.opinion", "整改或不通过须写明意见");
            errors.Require(opinion is null || opinion.Length <= 4000, $"{at}.opinion", "意见不超过4000字");
            if (member && decision is { } value)
            {
                result.Add((d.InstanceId!.Value, value, opinion));
            }
        }

        var missing = members.Where(m => input.Decisions.All(d => d?.InstanceId != m.InstanceId)).ToList();
        errors.Require(missing.Count == 0, "decisions", $"请对批次中的每个项目作出决定（缺 {missing.Count} 个）");
        return result;
    }
}
