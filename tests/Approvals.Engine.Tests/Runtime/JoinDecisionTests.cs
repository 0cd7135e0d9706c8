using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using static Approvals.Engine.Runtime.BranchResult;
using static Approvals.Engine.Runtime.JoinVerdict;

namespace Approvals.Engine.Tests.Runtime;

public class JoinDecisionTests
{
    public static TheoryData<string, int?, int, BranchResult[], JoinVerdict> Table => new()
    {
        // rule, n, branches, finished so far, verdict
        { "all", null, 3, [Approved, Approved], Wait },
        { "all", null, 3, [Approved, Approved, Approved], Approve },
        { "all", null, 3, [Rejected], Wait },
        { "all", null, 3, [Approved, Rejected, Approved], Reject },
        { "any", null, 3, [], Wait },
        { "any", null, 3, [Rejected], Wait },
        { "any", null, 3, [Rejected, Approved], Approve },
        { "any", null, 3, [Rejected, Rejected, Rejected], Reject },
        { "n-of-m", 2, 3, [Approved], Wait },
        { "n-of-m", 2, 3, [Approved, Approved], Approve },
        { "n-of-m", 2, 3, [Rejected], Wait },
        { "n-of-m", 2, 3, [Rejected, Rejected], Reject },
        { "n-of-m", 2, 3, [Approved, Rejected], Wait },
        { "n-of-m", 3, 3, [Approved, Returned], Reject },
        { "all-approve-else-return", null, 3, [Returned], Wait },
        { "all-approve-else-return", null, 3, [Approved, Returned, Approved], Return },
        { "all-approve-else-return", null, 3, [Approved, Rejected, Approved], Return },
        { "all-approve-else-return", null, 3, [Approved, Approved, Approved], Approve },
        { "first-reject-returns", null, 3, [Approved, Approved], Wait },
        { "first-reject-returns", null, 3, [Returned], Return },
        { "first-reject-returns", null, 3, [Approved, Rejected], Return },
        { "first-reject-returns", null, 3, [Approved, Approved, Approved], Approve },
        { "all", null, 1, [Approved], Approve },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_join_rule_decides_as_the_table_says(string rule, int? n, int branches, BranchResult[] finished, JoinVerdict expected) =>
        Assert.Equal(expected, JoinDecision.Decide(Join(rule, n), branches, finished));

    [Fact]
    public void Once_every_branch_has_finished_no_rule_keeps_waiting()
    {
        // Every rule, every number of branches up to 5, every combination of results: a finished parallel is decided.
        foreach (var rule in new[] { "all", "any", "n-of-m", "all-approve-else-return", "first-reject-returns" })
        {
            for (var total = 1; total <= 5; total++)
            {
                foreach (var results in Combinations(total))
                {
                    for (var n = 1; n <= (rule == "n-of-m" ? total : 1); n++)
                    {
                        Assert.NotEqual(Wait, JoinDecision.Decide(Join(rule, rule == "n-of-m" ? n : null), total, results));
                    }
                }
            }
        }
    }

    [Fact]
    public void All_approved_never_returns_or_rejects_under_any_rule()
    {
        foreach (var rule in new[] { "all", "any", "n-of-m", "all-approve-else-return", "first-reject-returns" })
        {
            Assert.Equal(Approve, JoinDecision.Decide(Join(rule, rule == "n-of-m" ? 2 : null), 4, [Approved, Approved, Approved, Approved]));
        }
    }

    private static Join Join(string rule, int? n) => new(rule switch
    {
        "all" => JoinRule.All,
        "any" => JoinRule.Any,
        "n-of-m" => JoinRule.NOfM,
        "all-approve-else-return" => JoinRule.AllApproveElseReturn,
        _ => JoinRule.FirstRejectReturns,
    }, n);

    private static IEnumerable<BranchResult[]> Combinations(int length) =>
        length == 0 ? [[]] : Combinations(length - 1).SelectMany(rest => new[] { Approved, Rejected, Returned }.Select(r => (BranchResult[])[r, .. rest]));
}
