using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Runtime.Workflows;

/// <summary>
/// Where an engine transition becomes a database transaction. Each command (a clerk's decision, a vote's result,
/// a timer) is applied by the pure engine and its transition written at once: the instance row (guarded by its
/// version), its tasks, timers, bookmarks, letter requests, outbox messages, audit records and the monitoring
/// tallies, in one transaction, so a crash between transitions loses nothing and none is ever half written.
/// </summary>
public sealed class WorkflowRuntime(ApprovalsDbContext db, DefinitionRegistry registry, EngineContext engine, WriteGate gate, JurisdictionChains chains)
{
    public async Task<Guid> StartAsync(string definitionId, ProjectSnapshot project, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var definition = await registry.LatestAsync(db, definitionId, cancellationToken);
        var id = engine.NewId();
        var transition = WorkflowEngine.Start(definition, project, id, actor, at, engine);
        var instance = new InstanceRecord
        {
            Id = id,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            ProjectId = project.ProjectId,
            ProjectName = project.Name,
            CountyCode = project.Jurisdictions.County,
            Status = "",
            CurrentSteps = "",
            StartedAt = at,
            Version = 1,
            AuditHead = AuditChain.Genesis,
            State = "",
        };
        db.Instances.Add(instance);
        await SaveAsync(instance, definition, transition, at, cancellationToken);
        return id;
    }

    /// <exception cref="EngineException">The engine refused the command; nothing was written.</exception>
    /// <exception cref="ConcurrencyConflictException">Another step changed the instance first; nothing was written.</exception>
    public async Task ExecuteAsync(Guid instanceId, Command command, CancellationToken cancellationToken = default)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
            ?? throw new EngineException(EngineErrorKind.NotFound, $"没有这个流程实例：{instanceId}");
        var definition = await registry.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        var transition = WorkflowEngine.Handle(definition, StateDocument.Read(instance.State), command, engine);
        instance.Version++;
        await SaveAsync(instance, definition, transition, command.At, cancellationToken);
    }

    /// <summary>
    /// Fires a timer this node holds the lease on. The row is marked fired in the same transaction as the step
    /// it causes; a timer already fired or cancelled, or whose lease another node has taken, does nothing.
    /// </summary>
    public async Task<bool> FireAsync(Guid timerId, string node, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var timer = await db.Timers.FirstOrDefaultAsync(t => t.Id == timerId, cancellationToken);
        if (timer is null || timer.Status != TimerRowStatus.Pending || timer.LeaseOwner != node)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        timer.Status = TimerRowStatus.Fired;
        timer.FiredAt = now;
        await ExecuteAsync(timer.InstanceId, new FireTimer(timerId, now), cancellationToken);
        return true;
    }

    /// <summary>The instance a task belongs to, for commands that arrive with only the task's id.</summary>
    public async Task<Guid?> InstanceOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => (Guid?)t.InstanceId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The open task that applies for the overall acceptance (整体验收申请): the one its definition puts just before an
    /// acceptance step (the implementing entity's, or the town's where the seed has the town apply). Null while the
    /// process is elsewhere (single items still open, or applied).
    /// </summary>
    public async Task<Guid?> AcceptanceApplicationAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId)
            .Select(i => new { i.DefinitionId, i.DefinitionVersion }).FirstOrDefaultAsync(cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var definition = await registry.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        var open = await db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Status == TaskRowStatus.Open)
            .OrderBy(t => t.OpenedAt).Select(t => new { t.Id, t.StepId }).ToListAsync(cancellationToken);
        return open.FirstOrDefault(t => definition.StepAfter(t.StepId) is AcceptanceStep)?.Id;
    }

    /// <summary>The consent rule the process names for the village's awaited vote; null when it awaits none from that village.</summary>
    public async Task<string?> AwaitedConsentRuleAsync(Guid instanceId, string villageCode, CancellationToken cancellationToken = default)
    {
        var waiting = await db.Bookmarks.AsNoTracking()
            .FirstOrDefaultAsync(b => b.InstanceId == instanceId && b.Kind == nameof(BookmarkKind.Consent) && b.Key == villageCode, cancellationToken);
        if (waiting is null)
        {
            return null;
        }

        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == instanceId, cancellationToken);
        var definition = await registry.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        var stepId = StateDocument.Read(instance.State).Activities.First(a => a.Id == waiting.ActivityId).StepId;
        return ((ConsentVoteStep)definition.Find(stepId)!).Rule;
    }

    private async Task SaveAsync(InstanceRecord instance, WorkflowDefinition definition, Transition transition, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            new EffectWriter(db, instance, at).Write(transition.Effects);
            var state = transition.State;
            instance.Status = state.Status.ToString();
            instance.StatusReason = state.StatusReason;
            instance.CurrentSteps = StateDocument.Write(WorkflowEngine.CurrentSteps(definition, state));
            instance.CurrentDepartments = string.Join(',', state.WaitingDepartments());
            instance.NextDueAt = state.NextDueAt();
            instance.UpdatedAt = at;
            instance.EndedAt = state.IsFinished ? instance.EndedAt ?? at : null;
            instance.State = StateDocument.Write(state);
            var tallies = await TalliesAsync(instance, transition, cancellationToken);
            if (tallies.IsEmpty)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                // The tallies are added to in the step's own transaction (the caller's, if it has one).
                await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                await db.SaveChangesAsync(cancellationToken);
                await tallies.WriteAsync(db, cancellationToken);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken);
                }
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException(instance.Id);
        }
        catch (System.Data.Common.DbException ex) when (ex.SqlState is "40P01" or "40001")
        {
            // PostgreSQL chose this step as a deadlock's (or a serialization failure's) victim: judged again, like any race.
            throw new ConcurrencyConflictException(instance.Id);
        }
        catch (DbUpdateException ex) when (IsDuplicateAuditPosition(ex))
        {
            // Two writers raced for the same place in the instance's audit chain: the version check's twin.
            throw new ConcurrencyConflictException(instance.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<Tallies> TalliesAsync(InstanceRecord instance, Transition transition, CancellationToken cancellationToken)
    {
        var tallies = new Tallies();
        IReadOnlyList<string>? chain = null;
        foreach (var closed in transition.Effects.OfType<TaskClosed>())
        {
            if (closed.Facts is { } f)
            {
                chain ??= await chains.OfAsync(db, instance.CountyCode, cancellationToken);
                tallies.Add(new ClosedTask(instance.CountyCode, instance.DefinitionId, f.Assignee.Kind, f.Assignee.Code, f.Assignee.Jurisdiction, f.StepId, f.StepName,
                    closed.Closure == TaskClosure.Completed, closed.Outcome?.ToString().ToLowerInvariant(), closed.At, f.DueAt, closed.WorkingDaysTaken), chain);
            }
        }

        return tallies;
    }

    private static bool IsDuplicateAuditPosition(DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("audit_records", StringComparison.OrdinalIgnoreCase) == true
        || ex.InnerException?.Message.Contains("ux_audit_records_stream_sequence", StringComparison.OrdinalIgnoreCase) == true;
}
