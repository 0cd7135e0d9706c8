using System.Globalization;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// Reads conditions and policy checks against a project's facts, in exact decimal arithmetic. A ratio is
/// compared by cross-multiplying (of ≤ bound × to), never by dividing. 0/0 means there is nothing to
/// measure (no adjustment at all), so the check does not apply; n/0 cannot be computed and blocks.
/// </summary>
public static class FactEvaluator
{
    public static bool Holds(Condition condition, Facts facts)
    {
        if (condition.All is not null)
        {
            return condition.All.All(c => Holds(c, facts));
        }

        if (condition.Any is not null)
        {
            return condition.Any.Any(c => Holds(c, facts));
        }

        if (condition.Not is not null)
        {
            return !Holds(condition.Not, facts);
        }

        var fact = condition.Fact!;
        if (condition.EqualsValue is bool flag)
        {
            // An unset flag is "no": a project that never said it crosses towns does not.
            return facts.Flags.GetValueOrDefault(fact) == flag;
        }

        if (!facts.Numbers.TryGetValue(fact, out var number))
        {
            return false;
        }

        return (condition.EqualsValue is not decimal equals || number == equals)
            && (condition.AtLeast is not { } atLeast || number >= atLeast)
            && (condition.AtMost is not { } atMost || number <= atMost);
    }

    /// <summary>Null when the check passes (or does not apply); otherwise the reason, in Chinese, with its citation.</summary>
    public static string? Failure(PolicyCheck check, Facts facts, Catalogue catalogue)
    {
        if (check.Fact is not null)
        {
            if (check.EqualsValue is bool flag)
            {
                var actual = facts.Flags.GetValueOrDefault(check.Fact);
                return actual == flag ? null : Reason(check, $"{Name(check.Fact, catalogue)}为“{YesNo(actual)}”，应为“{YesNo(flag)}”");
            }

            if (!facts.Numbers.TryGetValue(check.Fact, out var value))
            {
                return Reason(check, $"缺少{Name(check.Fact, catalogue)}");
            }

            return Within(value, check) ? null : Reason(check, $"{Name(check.Fact, catalogue)}为{Format(value)}，{Bounds(check)}{By(check, value, 1, check.Fact, catalogue)}");
        }

        var missing = new[] { check.RatioOf!, check.RatioTo! }.Where(f => !facts.Numbers.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            return Reason(check, "缺少" + string.Join("、", missing.Select(f => Name(f, catalogue))));
        }

        var of = facts.Numbers[check.RatioOf!];
        var to = facts.Numbers[check.RatioTo!];
        if (to == 0)
        {
            return of == 0 ? null : Reason(check, $"{Name(check.RatioTo!, catalogue)}为0，无法计算比例");
        }

        var passes = (check.AtLeast is not { } atLeast || of >= atLeast * to)
            && (check.AtMost is not { } atMost || of <= atMost * to);
        return passes
            ? null
            : Reason(check, $"{Name(check.RatioOf!, catalogue)}{Format(of)}占{Name(check.RatioTo!, catalogue)}{Format(to)}的{Percent(of / to)}，{Bounds(check)}{By(check, of, to, check.RatioOf!, catalogue)}");
    }

    /// <summary>
    /// By how much the figure misses its bound, in the figure's own unit: what a correction has to change
    /// (超出 above a ceiling, 尚差 below a floor). For a ratio, the bound is scaled by the figure it is a share of.
    /// </summary>
    private static string By(PolicyCheck check, decimal value, decimal scale, string fact, Catalogue catalogue)
    {
        var unit = catalogue.Fact(fact)?.Unit ?? "";
        if (check.AtMost is { } atMost && value > atMost * scale)
        {
            return $"，超出{Format(value - atMost * scale)}{unit}";
        }

        if (check.AtLeast is { } atLeast && value < atLeast * scale)
        {
            return $"，尚差{Format(atLeast * scale - value)}{unit}";
        }

        return "";
    }

    private static bool Within(decimal value, PolicyCheck check) =>
        (check.EqualsValue is not decimal equals || value == equals)
        && (check.AtLeast is not { } atLeast || value >= atLeast)
        && (check.AtMost is not { } atMost || value <= atMost);

    private static string Bounds(PolicyCheck check)
    {
        var ratio = check.RatioOf is not null;
        string Show(decimal v) => ratio ? Percent(v) : Format(v);
        return (check.AtLeast, check.AtMost) switch
        {
            ({ } low, { } high) => $"应在{Show(low)}至{Show(high)}之间",
            ({ } low, null) => $"应不低于{Show(low)}",
            (null, { } high) => $"应不超过{Show(high)}",
            _ => $"应等于{check.EqualsValue}",
        };
    }

    private static string Reason(PolicyCheck check, string detail) => $"{check.Name}：{detail}（{check.Citation}）";

    private static string Name(string fact, Catalogue catalogue) => catalogue.Fact(fact)?.Name ?? fact;

    private static string YesNo(bool value) => value ? "是" : "否";

    private static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(decimal ratio) => (ratio * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
