using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Projects;

/// <summary>
/// 项目更正: a started project's figures, villages and sub-projects corrected, with a reason, while its process waits
/// on whoever prepares it. The engine decides whether it may (and judges blocked gates again); the project row and its
/// audit chain take the new version in the same transaction.
/// </summary>
public static class ProjectCorrectionsApi
{
    public const int MaxReason = 1000;

    public static IEndpointRouteBuilder MapProjectCorrectionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{projectId:guid}/corrections", CorrectAsync)
            .WithTags("Projects").RequireAuthorization().RequireIdempotencyKey()
            .WithName("CorrectProject")
            .WithSummary("Correct a started project (figures, villages, sub-projects, area) with a reason, while its process waits on a return, a blocked gate or a deferred material; send the version you read. Blocked gates are judged again at once.");
        return app;
    }

    private static async Task<Results<Ok<ProjectView>, NotFound, ProblemHttpResult, ForbidHttpResult>> CorrectAsync(
        Guid projectId, ProjectCorrectionInput input, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, EngineContext engine,
        WorkflowRuntime runtime, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await access.EditAsync(projectId, user, tracking: false, cancellationToken);
        if (found.Granted is not { Project: var project, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        errors.Require(input.Version is not null, "version", "请提供读取时的版本号（version），以免覆盖他人的修改");
        errors.Require(!string.IsNullOrWhiteSpace(input.Reason) && input.Reason.Trim().Length <= MaxReason, "reason", $"请说明更正的理由（不超过{MaxReason}字）");
        errors.Require(input.Area is null or > 0, "area", "项目区面积（亩）须大于0");
        errors.Require(input.Area is not null || input.Villages is not null || input.SubProjects is not null || input.Facts is not null,
            "", "更正未包含任何内容（area、villages、subProjects、facts）");
        var place = (project.TownCode, project.CountyCode, project.CityCode, project.ProvinceCode);
        var villages = input.Villages is null ? null : ProjectForm.CheckVillages(input.Villages, place, errors);
        var subProjects = input.SubProjects is null ? null : ProjectForm.CheckSubProjects(input.SubProjects, engine.Catalogue, errors);
        var facts = input.Facts is null ? null : ProjectForm.CheckFacts(input.Facts, engine.Catalogue, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (project.Status != "started" || project.InstanceId is not { } instanceId)
        {
            return ApiProblems.Conflict("项目尚未启动审批，请直接修改草稿", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
        }

        if (input.Version != project.Version)
        {
            return ApiProblems.Conflict($"项目已被他人修改（当前版本 {project.Version}）", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
        }

        var now = time.GetUtcNow();
        var reason = input.Reason!.Trim();
        var correction = new ProjectCorrection(project.Version + 1, facts,
            villages is null ? null : [.. villages.OrderBy(v => v.Code, StringComparer.Ordinal).Select(v => new Village(v.Code!, v.Name!.Trim()))],
            subProjects is null ? null : [.. subProjects.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new SubProject(s.Key!, s.Name!.Trim(), s.Department!, s.Plan ?? SubProjectPlans.Concurrent))]);
        try
        {
            await runtime.ExecuteAsync(instanceId, new CorrectProject(correction, reason, caller.Actor, now), cancellationToken);
        }
        catch (EngineException ex)
        {
            return ApiProblems.FromEngine(ex, "", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
        }
        catch (ConcurrencyConflictException)
        {
            return ApiProblems.Conflict("流程同时被他人推进，请重新读取后再更正");
        }

        // The runtime cleared the context; the row takes the version the process now holds, in the same transaction.
        var row = (await access.LoadAsync(projectId, tracking: true, cancellationToken))!;
        if (row.Version != project.Version)
        {
            return ApiProblems.Conflict("项目已被他人修改，请重新读取后再更正");
        }

        row.Area = input.Area ?? row.Area;
        if (facts is not null)
        {
            row.Facts = StateDocument.Write(ProjectMapping.FactsOf(row).With(facts));
        }

        if (villages is not null)
        {
            ProjectForm.WriteVillages(row, villages);
        }

        if (subProjects is not null)
        {
            ProjectForm.WriteSubProjects(row, subProjects);
        }

        row.Version = correction.DataVersion;
        row.UpdatedAt = now;
        AuditTrail.Append(db, row, ProjectAudit.Of(caller.Actor, "project.corrected", row, now, reason));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("项目已被他人修改，请重新读取后再更正");
        }

        return TypedResults.Ok(await ProjectMapping.ViewAsync(row, db, engine.Catalogue, cancellationToken));
    }
}
