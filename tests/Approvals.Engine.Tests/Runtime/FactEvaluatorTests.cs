using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Scenarios;

namespace Approvals.Engine.Tests.Runtime;

public class FactEvaluatorTests
{
    private static readonly PolicyCheck AdjustmentCap = new("cap", "永久基本农田调整比例", "宁波 二.(五)", "$", null,
        "permanentFarmlandAdjusted", "townPermanentFarmlandArea", null, 0.03m, null);

    private static string? Check(PolicyCheck check, params (string, decimal)[] numbers) =>
        FactEvaluator.Failure(check, Projects.Figures(numbers), ScenarioWorkflows.Catalogue);

    [Fact]
    public void A_ratio_exactly_at_the_cap_passes_and_one_unit_more_fails()
    {
        Assert.Null(Check(AdjustmentCap, ("permanentFarmlandAdjusted", 30m), ("townPermanentFarmlandArea", 1000m)));
        Assert.NotNull(Check(AdjustmentCap, ("permanentFarmlandAdjusted", 30.0001m), ("townPermanentFarmlandArea", 1000m)));
    }

    [Fact]
    public void A_ratio_that_floating_point_would_round_is_compared_exactly()
    {
        // 0.1 + 0.2 style: 3 of 100 is exactly 3%, and 1 of 3 is above 33.33%.
        Assert.Null(Check(AdjustmentCap with { AtMost = 0.03m }, ("permanentFarmlandAdjusted", 3m), ("townPermanentFarmlandArea", 100m)));
        Assert.NotNull(Check(AdjustmentCap with { AtMost = 0.3333m }, ("permanentFarmlandAdjusted", 1m), ("townPermanentFarmlandArea", 3m)));
    }

    [Fact]
    public void Nothing_over_nothing_does_not_apply_but_something_over_nothing_blocks()
    {
        Assert.Null(Check(AdjustmentCap, ("permanentFarmlandAdjusted", 0m), ("townPermanentFarmlandArea", 0m)));
        Assert.Contains("为0，无法计算比例", Check(AdjustmentCap, ("permanentFarmlandAdjusted", 5m), ("townPermanentFarmlandArea", 0m)));
    }

    [Fact]
    public void A_missing_figure_blocks_and_names_it_in_Chinese()
    {
        var reason = Check(AdjustmentCap, ("permanentFarmlandAdjusted", 5m));
        Assert.Equal("永久基本农田调整比例：缺少所在乡镇永久基本农田面积（宁波 二.(五)）", reason);
    }

    [Fact]
    public void The_reason_states_the_figures_the_share_and_the_bound_with_the_citation()
    {
        var reason = Check(AdjustmentCap, ("permanentFarmlandAdjusted", 45m), ("townPermanentFarmlandArea", 1000m));
        Assert.Equal("永久基本农田调整比例：永久基本农田调整面积45占所在乡镇永久基本农田面积1000的4.5%，应不超过3%，超出15亩（宁波 二.(五)）", reason);
    }

    [Fact]
    public void A_share_below_its_floor_says_how_much_is_missing_in_the_figures_unit()
    {
        var floor = new PolicyCheck("floor", "新增耕地比例", "宁波 二.(五)", "$", null, "newFarmlandArea", "farmlandArea", 0.05m, null, null);
        Assert.EndsWith("应不低于5%，尚差2.5亩（宁波 二.(五)）", Check(floor, ("newFarmlandArea", 72.5m), ("farmlandArea", 1500m)));
        Assert.Null(Check(floor, ("newFarmlandArea", 75m), ("farmlandArea", 1500m)));
    }

    [Fact]
    public void A_figure_over_its_own_cap_says_by_how_much()
    {
        var cap = new PolicyCheck("count", "“百千万”项目个数", "绍兴 三（一）", "$", "contiguousFarmlandProjectCount", null, null, null, 3m, null);
        Assert.EndsWith("为5，应不超过3，超出2个（绍兴 三（一））", Check(cap, ("contiguousFarmlandProjectCount", 5m)));
    }

    [Fact]
    public void An_unset_flag_counts_as_no()
    {
        var crossesTowns = new Condition("$", Fact: "crossesTowns", EqualsValue: true);
        Assert.False(FactEvaluator.Holds(crossesTowns, Facts.None));
        Assert.True(FactEvaluator.Holds(new Condition("$", Not: crossesTowns), Facts.None));
        Assert.True(FactEvaluator.Holds(crossesTowns, Projects.Flags(("crossesTowns", true))));
    }
}
