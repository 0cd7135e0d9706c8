using System.Globalization;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// Walks a definition's step tree for one instance during one command: starts steps, completes them, applies
/// join rules, jumps back on returns and cancels what a decision made unnecessary. Collects the effects.
/// Every record it creates or closes stays in the state, so the history is complete.
/// </summary>
internal sealed partial class Interpreter(WorkflowDefinition definition, InstanceState state, EngineContext context, string actor, DateTimeOffset at)
{
    public const string RootStepId = "$root";

    private readonly List<Effect> _effects = [];

    public IReadOnlyList<Effect> Effects => _effects;

    public InstanceState State => state;

    public void StartRoot()
    {
        var root = NewActivity(null, ActivityKind.Root, RootStepId, 0, null);
        Audit("instance.started", null, ("definition", definition.Key), ("project", state.Project.ProjectId));
        Execute(root);
    }

    // ---- starting steps -------------------------------------------------------------------------

    private ActivityRecord NewActivity(ActivityRecord? parent, ActivityKind kind, string stepId, int index, ItemRef? item)
    {
        var activity = new ActivityRecord
        {
            Id = state.NextActivityId++,
            ParentId = parent?.Id,
            Kind = kind,
            StepId = stepId,
            Index = index,
            Item = item,
            Status = ActivityStatus.Active,
            StartedAt = at,
        };
        state.Activities.Add(activity);
        return activity;
    }

    private void Execute(ActivityRecord activity)
    {
        if (activity.Kind != ActivityKind.Step)
        {
            StartChild(activity, 0);
            return;
        }

        if (HoldForMaterials(activity))
        {
            return;
        }

        switch (StepOf(activity))
        {
            case SequenceStep:
                StartChild(activity, 0);
                break;
            case ParallelStep parallel:
                StartParallel(activity, parallel);
                break;
            case BranchStep branch:
                StartBranch(activity, branch);
                break;
            case ReviewStep review:
                OpenTask(activity, review, review.Assignee, review.TimeLimitWorkingDays, AllowedOutcomes(activity, review.Outcomes));
                break;
            case TaskStep task:
                OpenTask(activity, task, task.Assignee, task.TimeLimitWorkingDays, [Outcome.Approve]);
                break;
            case SignOffStep signOff:
                OpenTask(activity, signOff, signOff.Assignee, signOff.TimeLimitWorkingDays,
                    AllowedOutcomes(activity, signOff.ReturnTo is null ? [Outcome.Approve] : [Outcome.Approve, Outcome.Return]));
                break;
            case AcceptanceStep acceptance:
                StartAcceptance(activity, acceptance);
                break;
            case FilingStep filing:
                StartFiling(activity, filing);
                break;
            case ConsentVoteStep vote:
                StartConsentVote(activity, vote);
                break;
            case BatchStep batch:
                var office = Resolve(batch.Assignee, activity);
                Emit(new BookmarkCreated(BookmarkKind.Batch, BookmarkKeys.Batch(batch.BatchKind, office.Jurisdiction), activity.Id));
                Audit("batch.waiting", null, ("step", batch.Id), ("batchKind", batch.BatchKind), ("office", office.ToString()));
                break;
            case GateStep gate:
                EvaluateGate(activity, gate);
                break;
            case LetterStep letter:
                var issuer = Resolve(letter.Assignee, activity);
                Emit(new LetterRequested(letter.Document, issuer, activity.Id, ItemOf(activity)));
                Publish(MessageTypes.LetterRequested, issuer, activity, ("document", letter.Document));
                Audit("letter.requested", null, ("step", letter.Id), ("document", letter.Document), ("issuer", issuer.ToString()));
                Complete(activity, BranchResult.Approved);
                break;
            case NotifyStep notify:
                foreach (var to in notify.To)
                {
                    Publish(MessageTypes.Notice, Resolve(to, activity), activity, ("message", notify.Message));
                }

                Audit("notice.sent", null, ("step", notify.Id), ("message", notify.Message));
                Complete(activity, BranchResult.Approved);
                break;
            default:
                throw new InvalidOperationException($"No behaviour for step {activity.StepId}.");
        }
    }

    private void StartChild(ActivityRecord sequence, int index)
    {
        var children = ChildrenOf(sequence);
        if (index >= children.Count)
        {
            Complete(sequence, BranchResult.Approved);
            return;
        }

        sequence.Cursor = index;
        Execute(NewActivity(sequence, ActivityKind.Step, children[index].Id, 0, null));
    }

    private void StartParallel(ActivityRecord activity, ParallelStep parallel)
    {
        var branches = new List<ActivityRecord>();
        if (parallel.ForEach is null)
        {
            for (var i = 0; i < parallel.Branches.Count; i++)
            {
                branches.Add(NewActivity(activity, ActivityKind.Branch, parallel.Id, i, null));
            }
        }
        else
        {
            var items = ItemsOf(parallel.ForEach);
            for (var i = 0; i < items.Count; i++)
            {
                branches.Add(NewActivity(activity, ActivityKind.Branch, parallel.Id, i, items[i]));
            }
        }

        Audit("parallel.started", null, ("step", parallel.Id), ("branches", branches.Count.ToString(CultureInfo.InvariantCulture)),
            ("items", string.Join("、", branches.Select(b => b.Item?.Name ?? parallel.Branches[b.Index].Name))));
        if (branches.Count == 0)
        {
            // Nothing to run over (no department has sub-projects): nothing to wait for.
            Complete(activity, BranchResult.Approved);
            return;
        }

        foreach (var branch in branches)
        {
            // An earlier branch may already have decided the join (any, first-reject-returns) and cancelled this one.
            if (branch.Status == ActivityStatus.Active)
            {
                Execute(branch);
            }
        }
    }

    private void StartBranch(ActivityRecord activity, BranchStep branch)
    {
        var chosen = -1;
        for (var i = 0; i < branch.Cases.Count && chosen < 0; i++)
        {
            var c = branch.Cases[i];
            if (c.Otherwise || FactEvaluator.Holds(c.When!, state.Project.Facts))
            {
                chosen = i;
            }
        }

        Audit("branch.chosen", null, ("step", branch.Id), ("case", branch.Cases[chosen].Name));
        Execute(NewActivity(activity, ActivityKind.Case, branch.Id, chosen, null));
    }

    private void StartAcceptance(ActivityRecord activity, AcceptanceStep acceptance)
    {
        // Rolled-up steps run before this one; one that ran and did not pass keeps the acceptance closed.
        var notPassed = acceptance.RollsUp
            .Select(id => state.Activities.LastOrDefault(a => a.Kind == ActivityKind.Step && a.StepId == id))
            .Where(a => a is not null && !(a.Status == ActivityStatus.Completed && a.Result == BranchResult.Approved))
            .Select(a => definition.Find(a!.StepId)!.Name)
            .ToList();
        if (notPassed.Count > 0)
        {
            Block(activity, [$"{acceptance.Name}：{string.Join("、", notPassed)}尚未通过"]);
            return;
        }

        OpenTask(activity, acceptance, acceptance.Assignee, acceptance.TimeLimitWorkingDays, AllowedOutcomes(activity, acceptance.Outcomes));
    }

    private void EvaluateGate(ActivityRecord activity, GateStep gate)
    {
        var failures = gate.Checks
            .Where(check => activity.WaivedChecks?.Contains(check.Id) != true)
            .Select(check => FactEvaluator.Failure(check, FactsFor(check), context.Catalogue))
            .OfType<string>()
            .ToList();
        if (failures.Count > 0)
        {
            Block(activity, failures);
            return;
        }

        if (activity.BlockedReasons is not null)
        {
            activity.BlockedReasons = null;
            Emit(new BookmarkRemoved(BookmarkKind.Gate, gate.Id, activity.Id));
            UnblockIfClear();
        }

        Audit("gate.passed", null, ("step", gate.Id));
        Complete(activity, BranchResult.Approved);
    }

    /// <summary>What a check reads: the planned facts, or with the figures measured at acceptance laid over them.</summary>
    private Facts FactsFor(PolicyCheck check) => check.OnMeasured ? state.Project.AsMeasured : state.Project.Facts;

    private void Block(ActivityRecord activity, List<string> reasons)
    {
        var first = activity.BlockedReasons is null;
        activity.BlockedReasons = reasons;
        if (first)
        {
            Emit(new BookmarkCreated(BookmarkKind.Gate, activity.StepId, activity.Id));
        }

        state.Status = InstanceStatus.Blocked;
        state.StatusReason = string.Join("；", reasons);
        Audit("gate.blocked", state.StatusReason, ("step", activity.StepId));
    }

    private void UnblockIfClear()
    {
        if (state.Status == InstanceStatus.Blocked && !state.Activities.Any(a => a.Status == ActivityStatus.Active && a.BlockedReasons is not null))
        {
            state.Status = InstanceStatus.Running;
            state.StatusReason = null;
        }
    }

    // ---- finishing steps ------------------------------------------------------------------------

    private void Complete(ActivityRecord activity, BranchResult result)
    {
        if (activity.Status != ActivityStatus.Active)
        {
            return;
        }

        activity.Status = ActivityStatus.Completed;
        activity.Result = result;
        activity.EndedAt = at;
        if (activity.ParentId is not { } parentId)
        {
            Finish(result == BranchResult.Approved ? InstanceStatus.Completed : InstanceStatus.Rejected,
                result == BranchResult.Approved ? null : _rejection ?? "未通过");
            return;
        }

        var parent = state.Activity(parentId);
        if (parent.Kind == ActivityKind.Step && StepOf(parent) is ParallelStep parallel)
        {
            Join(parent, parallel);
        }
        else if (parent.Kind == ActivityKind.Step && StepOf(parent) is BranchStep)
        {
            Complete(parent, result);
        }
        else if (result == BranchResult.Approved)
        {
            StartChild(parent, parent.Cursor + 1);
        }
        else
        {
            // A rejection (or a return headed for a join) ends the enclosing sequence with the same result.
            Complete(parent, result);
        }
    }

    private void Join(ActivityRecord parallelActivity, ParallelStep parallel)
    {
        var branches = state.Activities.Where(a => a.ParentId == parallelActivity.Id).ToList();
        var finished = branches.Where(b => b.Status == ActivityStatus.Completed).Select(b => b.Result!.Value).ToList();
        var verdict = JoinDecision.Decide(parallel.Join, branches.Count, finished);
        if (verdict == JoinVerdict.Wait)
        {
            return;
        }

        Audit("join.decided", null, ("step", parallel.Id), ("verdict", verdict.ToString()),
            ("approved", finished.Count(r => r == BranchResult.Approved).ToString(CultureInfo.InvariantCulture)),
            ("of", branches.Count.ToString(CultureInfo.InvariantCulture)));
        foreach (var branch in branches.Where(b => b.Status == ActivityStatus.Active))
        {
            Cancel(branch, $"{parallel.Name}已决定（{verdict}），本分支不再需要");
        }

        switch (verdict)
        {
            case JoinVerdict.Approve:
                Complete(parallelActivity, BranchResult.Approved);
                break;
            case JoinVerdict.Reject:
                Complete(parallelActivity, BranchResult.Rejected);
                break;
            case JoinVerdict.Return:
                if (parallel.OnReturn is { } letter)
                {
                    // Issued before the project goes back, so that it lists what the reviews asked to change.
                    var issuer = Resolve(letter.Assignee, parallelActivity);
                    Emit(new LetterRequested(letter.Document, issuer, parallelActivity.Id, ItemOf(parallelActivity)));
                    Publish(MessageTypes.LetterRequested, issuer, parallelActivity, ("document", letter.Document));
                    Audit("letter.requested", "退回补正", ("step", parallel.Id), ("document", letter.Document), ("issuer", issuer.ToString()));
                }

                ReturnTo(parallelActivity, parallel.ReturnTo!, $"{parallel.Name}未全部通过，退回补正");
                break;
        }
    }

    /// <summary>
    /// Back to an earlier step: find the enclosing sequence that holds it, cancel what runs there now (the
    /// step that returned, and any sibling branches), and run the target again.
    /// </summary>
    private void ReturnTo(ActivityRecord from, string targetStepId, string reason)
    {
        for (var current = from; current.ParentId is { } parentId; current = state.Activity(parentId))
        {
            var parent = state.Activity(parentId);
            if (!IsSequence(parent))
            {
                continue;
            }

            var children = ChildrenOf(parent);
            var target = children.ToList().FindIndex(s => s.Id == targetStepId);
            if (target < 0 || target >= parent.Cursor)
            {
                continue;
            }

            // The step that returned records its decision; everything else running there is cancelled.
            Audit("step.returned", reason, ("from", from.StepId), ("to", targetStepId));
            if (from.Status == ActivityStatus.Active)
            {
                from.Status = ActivityStatus.Completed;
                from.Result = BranchResult.Returned;
                from.EndedAt = at;
            }

            foreach (var running in state.Activities.Where(a => a.ParentId == parent.Id && a.Status == ActivityStatus.Active).ToList())
            {
                Cancel(running, reason);
            }

            StartChild(parent, target);
            return;
        }

        throw new InvalidOperationException($"Step {from.StepId} cannot return to {targetStepId}: no enclosing sequence runs it earlier.");
    }

    private void Cancel(ActivityRecord activity, string reason)
    {
        foreach (var child in state.Activities.Where(a => a.ParentId == activity.Id && a.Status == ActivityStatus.Active).ToList())
        {
            Cancel(child, reason);
        }

        if (activity.Status != ActivityStatus.Active)
        {
            return;
        }

        activity.Status = ActivityStatus.Cancelled;
        activity.EndedAt = at;
        activity.Note = reason;
        if (activity.TaskId is { } taskId)
        {
            CloseTask(activity, TaskClosure.Cancelled, null, null, reason);
            Publish(MessageTypes.TaskCancelled, null, activity, (MessageEnvelope.TaskId, taskId.ToString()), ("reason", reason));
        }

        foreach (var timer in state.Timers.Where(t => t.ActivityId == activity.Id).ToList())
        {
            CancelTimer(timer);
        }

        foreach (var deferral in state.Deferrals.Where(d => d.ActivityId == activity.Id && d.Status == DeferralStatus.Open))
        {
            deferral.Status = DeferralStatus.Cancelled;
        }

        if (activity.HeldForMaterials)
        {
            // Held before it started: only the wait for the materials is there to undo.
            activity.HeldForMaterials = false;
            activity.BlockedReasons = null;
            Emit(new BookmarkRemoved(BookmarkKind.Materials, activity.StepId, activity.Id));
            UnblockIfClear();
        }
        else if (activity.Kind == ActivityKind.Step)
        {
            switch (StepOf(activity))
            {
                case ConsentVoteStep:
                    Emit(new BookmarkRemoved(BookmarkKind.Consent, ItemOf(activity)!.Key, activity.Id));
                    break;
                case BatchStep batch:
                    Emit(new BookmarkRemoved(BookmarkKind.Batch, BookmarkKeys.Batch(batch.BatchKind, Resolve(batch.Assignee, activity).Jurisdiction), activity.Id));
                    break;
                case GateStep or AcceptanceStep when activity.BlockedReasons is not null:
                    activity.BlockedReasons = null;
                    Emit(new BookmarkRemoved(BookmarkKind.Gate, activity.StepId, activity.Id));
                    UnblockIfClear();
                    break;
            }
        }

        Audit("step.cancelled", reason, ("step", activity.StepId), ("item", activity.Item?.Name));
    }

    private void Finish(InstanceStatus status, string? reason)
    {
        foreach (var active in state.Activities.Where(a => a.Status == ActivityStatus.Active && a.ParentId is null).ToList())
        {
            Cancel(active, reason ?? status.ToString());
        }

        foreach (var deferral in state.Deferrals.Where(d => d.Status == DeferralStatus.Open))
        {
            deferral.Status = DeferralStatus.Cancelled;
            var timer = state.Timers.FirstOrDefault(t => t.Id == deferral.TimerId);
            if (timer is not null)
            {
                CancelTimer(timer);
            }
        }

        state.Status = status;
        state.StatusReason = reason;
        Publish(MessageTypes.InstanceFinished, null, null, ("status", status.ToString()), ("reason", reason));
        Audit("instance." + status.ToString().ToLowerInvariant(), reason);
    }

    /// <summary>Ends the process now: every open step is cancelled (容缺 deadline missed, or an operator's decision).</summary>
    internal void Terminate(InstanceStatus status, string reason)
    {
        var root = state.Activities.First(a => a.ParentId is null);
        Cancel(root, reason);
        Finish(status, reason);
    }

    // ---- navigating the tree --------------------------------------------------------------------

    private Step StepOf(ActivityRecord activity) =>
        definition.Find(activity.StepId) ?? throw new InvalidOperationException($"Step {activity.StepId} is not in {definition.Key}.");

    private bool IsSequence(ActivityRecord activity) =>
        activity.Kind is ActivityKind.Root or ActivityKind.Branch or ActivityKind.Case
        || (activity.Kind == ActivityKind.Step && StepOf(activity) is SequenceStep);

    private IReadOnlyList<Step> ChildrenOf(ActivityRecord sequence) => sequence.Kind switch
    {
        ActivityKind.Root => definition.Steps,
        ActivityKind.Step => ((SequenceStep)StepOf(sequence)).Steps,
        ActivityKind.Branch => StepOf(sequence) is ParallelStep p
            ? p.ForEach is null ? p.Branches[sequence.Index].Steps : p.Body
            : throw new InvalidOperationException("A branch belongs to a parallel."),
        ActivityKind.Case => ((BranchStep)StepOf(sequence)).Cases[sequence.Index].Steps,
        _ => throw new ArgumentOutOfRangeException(nameof(sequence)),
    };

    private ItemRef? ItemOf(ActivityRecord activity)
    {
        for (ActivityRecord? a = activity; a is not null; a = a.ParentId is { } p ? state.Activity(p) : null)
        {
            if (a.Item is not null)
            {
                return a.Item;
            }
        }

        return null;
    }

    /// <summary>The level of the innermost forEach over departments, for <c>$item</c>.</summary>
    private string? ForEachLevel(ActivityRecord activity)
    {
        for (ActivityRecord? a = activity; a is not null; a = a.ParentId is { } p ? state.Activity(p) : null)
        {
            if (a.Kind == ActivityKind.Branch && a.Item is not null && StepOf(a) is ParallelStep { Level: { } level })
            {
                return level;
            }
        }

        return null;
    }

    private bool InsideReturningJoin(ActivityRecord activity)
    {
        for (ActivityRecord? a = activity; a is not null; a = a.ParentId is { } p ? state.Activity(p) : null)
        {
            if (a.Kind == ActivityKind.Branch && StepOf(a) is ParallelStep { Join.Rule: JoinRule.AllApproveElseReturn or JoinRule.FirstRejectReturns })
            {
                return true;
            }
        }

        return false;
    }

    private List<Outcome> AllowedOutcomes(ActivityRecord activity, IReadOnlyList<Outcome> declared)
    {
        var step = StepOf(activity);
        var hasReturnTo = step switch
        {
            ReviewStep r => r.ReturnTo is not null,
            SignOffStep s => s.ReturnTo is not null,
            AcceptanceStep a => a.ReturnTo is not null,
            _ => false,
        };
        var canReturn = hasReturnTo || InsideReturningJoin(activity);
        var outcomes = declared.Where(o => o != Outcome.Return || canReturn).ToList();
        if (step is SignOffStep && canReturn && !outcomes.Contains(Outcome.Return))
        {
            outcomes.Add(Outcome.Return);
        }

        return outcomes;
    }

    private List<ItemRef> ItemsOf(string collection) => collection switch
    {
        "departmentsWithSubProjects" => [.. state.Project.DepartmentsWithSubProjects.Select(code =>
            new ItemRef("department", code, context.Catalogue.Department(code)?.Name ?? code, code))],
        "affectedVillages" => [.. state.Project.Villages.Select(v => new ItemRef("village", v.Code, v.Name, null))],
        "subProjects" => [.. state.Project.Built.Select(s => new ItemRef("subProject", s.Id, s.Name, s.Department))],
        _ => throw new InvalidOperationException($"Unknown collection {collection}."),
    };

    private Party Resolve(Assignee assignee, ActivityRecord activity)
    {
        if (assignee.Role is { } role)
        {
            return role == "implementing-entity"
                ? Party.Role(role, state.Project.ImplementingEntity)
                : Party.Role(role, ItemOf(activity)?.Key ?? throw new InvalidOperationException($"{role} needs a village."));
        }

        if (assignee.IsCurrentItem)
        {
            var item = ItemOf(activity) ?? throw new InvalidOperationException("$item outside a forEach.");
            var level = ForEachLevel(activity) ?? "county";
            return Party.Department(item.Department!, state.Project.Jurisdictions.At(level));
        }

        return Party.Department(assignee.Department!, state.Project.Jurisdictions.At(assignee.Level!));
    }

    // ---- effects --------------------------------------------------------------------------------

    private void Emit(Effect effect) => _effects.Add(effect);

    private void Publish(string type, Party? addressee, ActivityRecord? activity, params (string Key, string? Value)[] data)
    {
        var payload = MessageEnvelope.Create(state.InstanceId, state.Project.ProjectId, state.Project.Name, definition.Key, at);
        if (activity is not null)
        {
            payload[MessageEnvelope.StepId] = activity.StepId;
            payload[MessageEnvelope.StepName] = activity.Kind == ActivityKind.Step ? StepOf(activity).Name : null;
            payload[MessageEnvelope.Item] = ItemOf(activity)?.Name;
        }

        foreach (var (key, value) in data)
        {
            payload[key] = value;
        }

        Emit(new MessagePublished(type, addressee, payload));
    }

    private void Audit(string action, string? reason, params (string Key, string? Value)[] details) =>
        Emit(new Audited(actor, action, AuditStreams.Instance(state.InstanceId), reason, details.ToDictionary(d => d.Key, d => d.Value), at));
}
