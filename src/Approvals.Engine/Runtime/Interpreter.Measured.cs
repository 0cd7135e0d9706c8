using System.Globalization;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// Figures measured at acceptance are facts of their own beside the planned ones (which stay as approved): checks made at
/// acceptance read them, and the acceptance task shows any shortfall against the plan. A figure the seed wants 实测 (on
/// site) is taken only with how and by whom it was measured.
/// </summary>
internal sealed partial class Interpreter
{
    private static void CheckMeasurement(SignOffStep signOff, Measurement? measurement)
    {
        if (measurement is not null)
        {
            if (measurement.Method is not (Measurement.OnSite or Measurement.FromMaps))
            {
                throw new EngineException(EngineErrorKind.Invalid, $"测量方式为 {Measurement.OnSite}（实测）或 {Measurement.FromMaps}（图测）", "measurement.method");
            }

            if (string.IsNullOrWhiteSpace(measurement.By) || measurement.By.Length > 200)
            {
                throw new EngineException(EngineErrorKind.Invalid, "请写明测量单位和人员（不超过200字）", "measurement.by");
            }
        }

        var onSite = signOff.Measures.Where(m => m.OnSite).ToList();
        if (onSite.Count == 0)
        {
            return;
        }

        if (measurement is null)
        {
            throw new EngineException(EngineErrorKind.Invalid, "实测数据须写明测量方式和测量单位、人员", "measurement");
        }

        if (measurement.Method != Measurement.OnSite)
        {
            throw new EngineException(EngineErrorKind.Invalid,
                $"{string.Join("、", onSite.Select(m => m.Fact))}须实地测量（实测），不能以图测代替", "measurement.method");
        }
    }

    /// <summary>
    /// The project's measured figure: a project-level sign-off's own, or, for a sign-off per sub-project, the sum over the
    /// latest sign-off of each sub-project that measured it.
    /// </summary>
    private void RecordMeasured(ActivityRecord activity, Dictionary<string, decimal> figures)
    {
        var totals = state.Project.Measured.ToDictionary(m => m.Key, m => m.Value);
        foreach (var (code, value) in figures)
        {
            if (ItemOf(activity) is null)
            {
                totals[code] = value;
                continue;
            }

            totals[code] = state.Activities
                .Where(a => a.StepId == activity.StepId && a.Figures?.ContainsKey(code) == true
                    && (a == activity || (a.Status == ActivityStatus.Completed && a.Result == BranchResult.Approved)))
                .GroupBy(a => ItemOf(a)?.Key)
                .Sum(g => g.MaxBy(a => a.Id)!.Figures![code]);
        }

        state.Project = state.Project with { Measured = totals };
        Audit("figures.measured", null, ("step", activity.StepId), ("method", activity.Measurement?.Method), ("by", activity.Measurement?.By),
            ("figures", string.Join(", ", totals.Select(t => $"{t.Key}={t.Value.ToString(CultureInfo.InvariantCulture)}"))));
    }
}
