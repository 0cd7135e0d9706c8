using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Projects;

/// <summary>Registering projects, editing them while drafts, starting their process, and reading where they stand.</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization();
        var commands = group.MapGroup("").RequireIdempotencyKey();

        commands.MapPost("", CreateAsync)
            .WithName("CreateProject")
            .WithSummary("Register a project as a draft: region's process, town, villages (with electorate figures), sub-projects and their departments, figures, required materials. Implementing entity or the county's leading group office.");

        group.MapGet("", ListAsync)
            .WithName("ListProjects")
            .WithSummary("The projects I may see (my entity's, my jurisdiction's, my village's), newest first; filter by status (draft, started).");

        group.MapGet("/{projectId:guid}", GetAsync)
            .WithName("GetProject")
            .WithSummary("A project with its process: current steps, open tasks and who they wait for, what it waits for from outside. 403 outside one's scope.");

        commands.MapPut("/{projectId:guid}", EditAsync)
            .WithName("EditProject")
            .WithSummary("Replace a draft project's details; send the version you read (409 if it changed, or once the process has started).");

        commands.MapPost("/{projectId:guid}/start", StartAsync)
            .WithName("StartProject")
            .WithSummary("Start the project's approval process on the newest version of its region's definition. The project can no longer be edited.");

        group.MapGet("/{projectId:guid}/timeline", TimelineAsync)
            .WithName("ProjectTimeline")
            .WithSummary("Everything that happened to the project, oldest first, from its audit chains: registration and edits, then every step of its process.");

        return app;
    }

    private static async Task<Results<Created<ProjectView>, ProblemHttpResult, ForbidHttpResult>> CreateAsync(
        ProjectInput input, ClaimsPrincipal user, ApprovalsDbContext db, EngineContext engine, DefinitionRegistry registry, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Caller.Of(user) is not { } caller || !ProjectAccess.CanRegister(caller))
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        var project = new Project
        {
            Id = Guid.CreateVersion7(), Name = "", DefinitionId = "", ProvinceCode = "", CityCode = "", CountyCode = "", TownCode = "",
            ImplementingEntityId = "", Status = "draft", Facts = "{}", Materials = "[]", CreatedBy = caller.Actor, CreatedAt = now, UpdatedAt = now,
            Version = 1, AuditHead = AuditChain.Genesis,
        };
        var errors = await ProjectForm.ApplyAsync(input, project, caller, db, engine, registry, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (caller.IsLeadingGroupOffice && caller.Jurisdiction != project.CountyCode)
        {
            return TypedResults.Forbid();
        }

        AuditTrail.Append(db, project, ProjectAudit.Of(caller.Actor, "project.registered", project, now));
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
    }

    private static async Task<Results<Ok<ProjectPage>, ProblemHttpResult, ForbidHttpResult>> ListAsync(
        ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Caller.Of(user) is not { } caller)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        var paging = new PageRequest(page, pageSize);
        paging.Check(errors);
        errors.Require(status is null or "draft" or "started", "status", "状态为 draft 或 started");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var query = access.Visible(caller);
        if (status is not null)
        {
            query = query.Where(p => p.Status == status);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await paging.Of(query
            .GroupJoin(db.Instances.AsNoTracking(), p => p.InstanceId, i => i.Id, (p, i) => new { p, i })
            .SelectMany(x => x.i.DefaultIfEmpty(), (x, i) => new
            {
                x.p.Id, x.p.Name, x.p.DefinitionId, x.p.Status, x.p.CountyCode, x.p.TownCode, x.p.ImplementingEntityId, x.p.UpdatedAt,
                CurrentSteps = i == null ? null : i.CurrentSteps, ProcessStatus = i == null ? null : i.Status, ProcessUpdatedAt = i == null ? (DateTimeOffset?)null : i.UpdatedAt,
            })
            .OrderByDescending(x => x.Id))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ProjectPage(
            [.. rows.Select(r => new ProjectSummary(r.Id, r.Name, r.DefinitionId, r.Status, r.CountyCode, r.TownCode, r.ImplementingEntityId,
                r.CurrentSteps is null ? [] : StateDocument.Read<List<string>>(r.CurrentSteps), r.ProcessStatus,
                r.ProcessUpdatedAt is { } u && u > r.UpdatedAt ? u : r.UpdatedAt))],
            paging.Number, paging.Size, total));
    }

    private static async Task<Results<Ok<ProjectView>, NotFound, ForbidHttpResult>> GetAsync(
        Guid projectId, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, EngineContext engine, CancellationToken cancellationToken)
    {
        var found = await access.ReadAsync(projectId, user, cancellationToken);
        if (found.Granted is not { Project: var project })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        return TypedResults.Ok(await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
    }

    private static async Task<Results<Ok<ProjectView>, NotFound, ProblemHttpResult, ForbidHttpResult>> EditAsync(
        Guid projectId, ProjectInput input, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, EngineContext engine, DefinitionRegistry registry,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await access.EditAsync(projectId, user, tracking: true, cancellationToken);
        if (found.Granted is not { Project: var project, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (input.Version is null)
        {
            return ApiProblems.Field("version", "请提供读取时的版本号（version），以免覆盖他人的修改");
        }

        if (project.Status != "draft")
        {
            return ApiProblems.Conflict("项目已启动审批，不能再修改", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
        }

        if (input.Version != project.Version)
        {
            return ApiProblems.Conflict($"项目已被他人修改（当前版本 {project.Version}）", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
        }

        var errors = await ProjectForm.ApplyAsync(input, project, caller, db, engine, registry, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!ProjectAccess.CanEdit(caller, project))
        {
            // The edit would hand the project to someone else's county: refused like any other edit outside one's scope.
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        project.UpdatedAt = now;
        project.Version++;
        AuditTrail.Append(db, project, ProjectAudit.Of(caller.Actor, "project.edited", project, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("项目已被他人修改，请重新读取后再改");
        }

        return TypedResults.Ok(await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
    }

    private static async Task<Results<Ok<ProjectView>, NotFound, ProblemHttpResult, ForbidHttpResult>> StartAsync(
        Guid projectId, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, EngineContext engine, WorkflowRuntime runtime, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var found = await access.EditAsync(projectId, user, tracking: false, cancellationToken);
        if (found.Granted is not { Project: var project, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (project.Status != "draft")
        {
            return ApiProblems.Conflict("项目已启动审批", await ProjectMapping.ViewAsync(project, db, engine.Catalogue, cancellationToken));
        }

        var now = time.GetUtcNow();
        Guid instanceId;
        try
        {
            instanceId = await runtime.StartAsync(project.DefinitionId, ProjectMapping.Snapshot(project), caller.Actor, now, cancellationToken);
        }
        catch (EngineException ex)
        {
            return ApiProblems.FromEngine(ex, "project");
        }

        // The runtime cleared the context; the project is read again and moved on in the same transaction.
        var started = (await access.LoadAsync(projectId, tracking: true, cancellationToken))!;
        if (started.Version != project.Version || started.Status != "draft")
        {
            throw new DbUpdateConcurrencyException("The project changed while its process started.");
        }

        started.Status = "started";
        started.InstanceId = instanceId;
        started.UpdatedAt = now;
        started.Version++;
        AuditTrail.Append(db, started, new Audited(caller.Actor, "project.started", started.Name, null,
            new Dictionary<string, string?> { ["instance"] = instanceId.ToString(), ["definition"] = started.DefinitionId }, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("项目已被他人修改或启动");
        }

        return TypedResults.Ok(await ProjectMapping.ViewAsync(started, db, engine.Catalogue, cancellationToken));
    }

    private static async Task<Results<Ok<List<TimelineEntry>>, NotFound, ForbidHttpResult>> TimelineAsync(
        Guid projectId, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var found = await access.ReadAsync(projectId, user, cancellationToken);
        if (found.Granted is not { Project: var project })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var streams = new List<string> { AuditStreams.Project(project.Id) };
        if (project.InstanceId is { } instanceId)
        {
            streams.Add(AuditStreams.Instance(instanceId));
        }

        var records = await db.AuditRecords.AsNoTracking().Where(a => streams.Contains(a.Stream)).ToListAsync(cancellationToken);
        return TypedResults.Ok(records
            .OrderBy(r => r.OccurredAt).ThenBy(r => r.Id)
            .Select(r => new TimelineEntry(r.OccurredAt, r.Actor, r.Action, r.Subject, r.Reason,
                StateDocument.Read<Dictionary<string, string?>>(r.Details), r.Stream, r.Sequence))
            .ToList());
    }
}
