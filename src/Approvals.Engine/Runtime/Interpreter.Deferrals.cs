using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// 容缺受理 as practice means it: the review goes on while deferred materials come later, but the decision the
/// definition names (the deferral's <c>until</c>: the 批复, the joint opinion) is not issued while one is outstanding.
/// So a missed deadline meets the project before that decision, and its consequence lands before anything past it moves.
/// </summary>
internal sealed partial class Interpreter
{
    /// <summary>Outstanding deferrals whose materials this step waits for (missed ones too, until supplied).</summary>
    private List<DeferralRecord> AwaitedBy(string stepId) =>
        [.. state.Deferrals.Where(d => d.Status is DeferralStatus.Open or DeferralStatus.Missed
            && StepOf(state.Activity(d.ActivityId)) is ReviewStep { Deferral.Until: var until } && until == stepId)];

    private bool HoldForMaterials(ActivityRecord activity)
    {
        var awaited = AwaitedBy(activity.StepId);
        if (awaited.Count == 0)
        {
            return false;
        }

        var materials = string.Join("、", awaited.SelectMany(d => d.Pending).Distinct());
        var reason = $"{StepOf(activity).Name}：容缺材料尚未补齐（{materials}），补齐后办理";
        activity.HeldForMaterials = true;
        activity.BlockedReasons = [reason];
        Emit(new BookmarkCreated(BookmarkKind.Materials, activity.StepId, activity.Id));
        if (state.Status == InstanceStatus.Running)
        {
            state.Status = InstanceStatus.Blocked;
            state.StatusReason = reason;
        }

        Audit("step.held", reason, ("step", activity.StepId), ("materials", materials));
        return true;
    }

    /// <summary>The last material arrived: every step that waited for it (and for nothing else) starts now.</summary>
    private void ReleaseHeldSteps()
    {
        foreach (var held in state.Activities.Where(a => a.Status == ActivityStatus.Active && a.HeldForMaterials).ToList())
        {
            if (AwaitedBy(held.StepId).Count > 0)
            {
                continue;
            }

            held.HeldForMaterials = false;
            held.BlockedReasons = null;
            Emit(new BookmarkRemoved(BookmarkKind.Materials, held.StepId, held.Id));
            UnblockIfClear();
            Audit("step.released", "容缺材料已补齐", ("step", held.StepId));
            Execute(held);
        }
    }
}
