using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>How a finished branch of a parallel ended.</summary>
public enum BranchResult
{
    Approved,
    Rejected,
    Returned,
}

public enum JoinVerdict
{
    /// <summary>Keep waiting for branches.</summary>
    Wait,

    /// <summary>The parallel passed; branches still running are cancelled.</summary>
    Approve,

    /// <summary>The parallel failed; branches still running are cancelled.</summary>
    Reject,

    /// <summary>Back to the parallel's returnTo; branches still running are cancelled.</summary>
    Return,
}

/// <summary>
/// The join rules as one decision table over the branches' results so far: the engine asks after every branch
/// that finishes. Kept apart from the interpreter so that every rule can be tested over every combination.
/// </summary>
public static class JoinDecision
{
    /// <param name="total">How many branches the parallel has.</param>
    /// <param name="finished">The results of the branches that have finished.</param>
    public static JoinVerdict Decide(Join join, int total, IReadOnlyCollection<BranchResult> finished)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(finished.Count, total);
        var approved = finished.Count(r => r == BranchResult.Approved);
        var rejected = finished.Count(r => r == BranchResult.Rejected);
        var returned = finished.Count(r => r == BranchResult.Returned);
        var allDone = finished.Count == total;

        return join.Rule switch
        {
            // Every branch finishes; a rejection carries through. A return inside an all-join has already jumped.
            JoinRule.All => !allDone ? JoinVerdict.Wait
                : rejected + returned > 0 ? JoinVerdict.Reject : JoinVerdict.Approve,

            // The first approval wins; if every branch has failed, the parallel failed.
            JoinRule.Any => approved > 0 ? JoinVerdict.Approve
                : allDone ? JoinVerdict.Reject : JoinVerdict.Wait,

            // n approvals pass; once n can no longer be reached, it failed.
            JoinRule.NOfM => approved >= join.N!.Value ? JoinVerdict.Approve
                : total - (rejected + returned) < join.N.Value ? JoinVerdict.Reject : JoinVerdict.Wait,

            // One combined opinion: wait for every department, then pass only if all approved.
            JoinRule.AllApproveElseReturn => !allDone ? JoinVerdict.Wait
                : approved == total ? JoinVerdict.Approve : JoinVerdict.Return,

            // The first rejection or return sends the project back at once.
            JoinRule.FirstRejectReturns => rejected + returned > 0 ? JoinVerdict.Return
                : allDone ? JoinVerdict.Approve : JoinVerdict.Wait,

            _ => throw new ArgumentOutOfRangeException(nameof(join), join.Rule, null),
        };
    }
}
