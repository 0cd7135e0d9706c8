using System.Globalization;
using Approvals.Engine.Definitions;

namespace Approvals.Engine.Runtime;

/// <summary>
/// 项目更正: the project's data changes while its process runs. Each change makes a new data version; decisions
/// record the version they were made on, and gates are judged again at once on the corrected figures.
/// </summary>
internal sealed partial class Interpreter
{
    private void CorrectProject(CorrectProject command)
    {
        var correction = command.Correction;
        if (string.IsNullOrWhiteSpace(command.Reason))
        {
            throw new EngineException(EngineErrorKind.Invalid, "请说明更正的理由", "reason");
        }

        RequireNewerVersion(correction.DataVersion);
        if (!WaitsForCorrection())
        {
            // The steps by name, once each: three departments confirming are one step to the reader.
            var now = string.Join("、", state.ActiveLeaves().Where(a => a.Kind == ActivityKind.Step).Select(a => StepOf(a).Name).Distinct());
            throw new EngineException(EngineErrorKind.Conflict,
                $"项目只能在退回补正、政策校验未通过或容缺补正期间更正；流程当前在：{(now.Length == 0 ? state.Status.ToString() : now)}");
        }

        CheckFacts(correction.Facts ?? Facts.None);
        if (correction.Villages is { } villages)
        {
            if (villages.Count == 0)
            {
                throw new EngineException(EngineErrorKind.Invalid, "项目须至少涉及一个行政村", "villages");
            }

            RefuseWhileRunningOver("affectedVillages", "各村表决（意见征求）正在进行，涉及村不能更改", "villages");
        }

        if (correction.SubProjects is { } subProjects)
        {
            if (subProjects.Count == 0)
            {
                throw new EngineException(EngineErrorKind.Invalid, "项目须至少有一个子项目", "subProjects");
            }

            var unknown = subProjects.FirstOrDefault(s => context.Catalogue.Department(s.Department) is null);
            if (unknown is not null)
            {
                throw new EngineException(EngineErrorKind.Invalid, $"未知的主管部门：{unknown.Department}", "subProjects");
            }

            RefuseWhileRunningOver("subProjects", "子项目验收正在进行，子项目不能更改", "subProjects");
            RefuseWhileRunningOver("departmentsWithSubProjects", "各部门正在办理本部门子项目的事项，子项目不能更改", "subProjects");
        }

        var before = state.Project;
        state.Project = before with
        {
            Facts = correction.Facts is { } facts ? before.Facts.With(facts) : before.Facts,
            Villages = correction.Villages ?? before.Villages,
            SubProjects = correction.SubProjects ?? before.SubProjects,
            DepartmentsWithSubProjects = correction.SubProjects is { } list ? ProjectSnapshot.DepartmentsOf(list) : before.DepartmentsWithSubProjects,
            DataVersion = correction.DataVersion,
        };

        var changed = Changes(before, state.Project);
        Publish(MessageTypes.ProjectCorrected, null, null, ("version", Version(correction.DataVersion)), ("reason", command.Reason), ("changed", changed));
        var given = correction.Facts ?? Facts.None;
        Audit("project.corrected", command.Reason,
        [
            ("version", Version(correction.DataVersion)), ("changed", changed),
            .. given.Numbers.Select(n => (n.Key, (string?)n.Value.ToString(CultureInfo.InvariantCulture))),
            .. given.Flags.Select(f => (f.Key, (string?)f.Value.ToString())),
        ]);
        JudgeBlockedGatesAgain();
    }

    /// <summary>A department confirming its sub-projects (Jiaxing 附件2) moves some of its own between the three lists.</summary>
    private void MoveSubProjects(ActivityRecord activity, Step step, Outcome outcome, SubProjectMoves moves)
    {
        if (step is not ReviewStep { ConfirmsSubProjects: true })
        {
            throw new EngineException(EngineErrorKind.Invalid, "只有确认子项目的环节可以调整子项目的建设安排", "subProjectPlans");
        }

        if (outcome != Outcome.Approve)
        {
            throw new EngineException(EngineErrorKind.Invalid, "调整子项目的建设安排须同时确认（通过）", "subProjectPlans");
        }

        if (moves.Plans.Count == 0)
        {
            return;
        }

        RequireNewerVersion(moves.DataVersion);
        var department = ItemOf(activity)?.Key;
        foreach (var (key, plan) in moves.Plans)
        {
            var subProject = state.Project.SubProjects.FirstOrDefault(s => s.Id == key);
            if (subProject is null || subProject.Department != department)
            {
                throw new EngineException(EngineErrorKind.Invalid, $"{key} 不是本部门的子项目", $"subProjectPlans.{key}");
            }

            if (!SubProjectPlans.All.Contains(plan))
            {
                throw new EngineException(EngineErrorKind.Invalid, $"建设安排为 {string.Join(" / ", SubProjectPlans.All)} 之一", $"subProjectPlans.{key}");
            }
        }

        var before = state.Project;
        state.Project = before with
        {
            SubProjects = [.. before.SubProjects.Select(s => moves.Plans.TryGetValue(s.Id, out var plan) ? s with { Plan = plan } : s)],
            DataVersion = moves.DataVersion,
        };
        Audit("sub-projects.moved", null, ("version", Version(moves.DataVersion)), ("department", department),
            ("moves", string.Join("、", moves.Plans.Select(m => $"{m.Key}：{PlanOf(before, m.Key)}→{m.Value}"))));
    }

    private static string PlanOf(ProjectSnapshot project, string key) =>
        project.SubProjects.First(s => s.Id == key).Plan ?? SubProjectPlans.Concurrent;

    private void RequireNewerVersion(int version)
    {
        if (version <= state.Project.DataVersion)
        {
            throw new EngineException(EngineErrorKind.Conflict, $"项目数据已是第{state.Project.DataVersion}版，更正须产生更新的版本");
        }
    }

    /// <summary>
    /// The process waits on whoever prepares the project: a gate blocked on its figures, a deferred material due, or an
    /// open task of the implementing entity or of a step the process returns to for changes (a plan being redrafted).
    /// </summary>
    private bool WaitsForCorrection()
    {
        var returnTargets = definition.AllSteps().Select(ReturnTargetOf).OfType<string>().ToHashSet();
        return state.Deferrals.Any(d => d.Status is DeferralStatus.Open or DeferralStatus.Missed)
            || state.Activities.Any(a => a.Status == ActivityStatus.Active && a.Kind == ActivityKind.Step
                && ((a.BlockedReasons is not null && StepOf(a) is GateStep)
                    || (a.TaskId is not null && (a.Assignee?.Kind == Party.RoleKind && a.Assignee.Code == "implementing-entity" || returnTargets.Contains(a.StepId)))));
    }

    private static string? ReturnTargetOf(Step step) => step switch
    {
        ReviewStep r => r.ReturnTo,
        SignOffStep s => s.ReturnTo,
        AcceptanceStep a => a.ReturnTo,
        FilingStep f => f.ReturnTo,
        ParallelStep p => p.ReturnTo,
        _ => null,
    };

    /// <summary>A forEach that runs over a list already has its branches: the list cannot change under it.</summary>
    private void RefuseWhileRunningOver(string collection, string message, string field)
    {
        if (state.Activities.Any(a => a.Status == ActivityStatus.Active && a.Kind == ActivityKind.Step && StepOf(a) is ParallelStep { ForEach: var over } && over == collection))
        {
            throw new EngineException(EngineErrorKind.Conflict, message, field);
        }
    }

    private void CheckFacts(Facts changes)
    {
        foreach (var (code, value) in changes.Numbers)
        {
            if (context.Catalogue.Fact(code) is not { Type: "number" })
            {
                throw new EngineException(EngineErrorKind.Invalid, $"{code} 不是数值型指标", $"facts.numbers.{code}");
            }

            if (value < 0)
            {
                throw new EngineException(EngineErrorKind.Invalid, $"{code} 不能为负数", $"facts.numbers.{code}");
            }
        }

        foreach (var (code, _) in changes.Flags)
        {
            if (context.Catalogue.Fact(code) is not { Type: "boolean" })
            {
                throw new EngineException(EngineErrorKind.Invalid, $"{code} 不是是/否型指标", $"facts.flags.{code}");
            }
        }
    }

    private void JudgeBlockedGatesAgain()
    {
        foreach (var blocked in state.Activities.Where(a => a.Status == ActivityStatus.Active && a.BlockedReasons is not null).ToList())
        {
            if (StepOf(blocked) is GateStep gate)
            {
                EvaluateGate(blocked, gate);
            }
        }
    }

    /// <summary>What a correction changed, in words for the audit line and the message: figures by name, lists by count.</summary>
    private string Changes(ProjectSnapshot before, ProjectSnapshot after)
    {
        var parts = new List<string>();
        foreach (var (code, value) in after.Facts.Numbers)
        {
            if (!before.Facts.Numbers.TryGetValue(code, out var old) || old != value)
            {
                var name = context.Catalogue.Fact(code)?.Name ?? code;
                parts.Add(before.Facts.Numbers.ContainsKey(code) ? $"{name} {Number(old)}→{Number(value)}" : $"{name} {Number(value)}");
            }
        }

        foreach (var (code, value) in after.Facts.Flags)
        {
            if (!before.Facts.Flags.TryGetValue(code, out var old) || old != value)
            {
                parts.Add($"{context.Catalogue.Fact(code)?.Name ?? code}：{(value ? "是" : "否")}");
            }
        }

        if (!before.Villages.SequenceEqual(after.Villages))
        {
            parts.Add($"涉及村 {before.Villages.Count}→{after.Villages.Count}个");
        }

        if (!before.SubProjects.SequenceEqual(after.SubProjects))
        {
            parts.Add($"子项目 {before.SubProjects.Count}→{after.SubProjects.Count}个");
        }

        // A correction of what the process does not hold (the area, a village's electorate) changes none of these.
        return parts.Count == 0 ? "指标和清单无变化" : string.Join("；", parts);
    }

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Version(int version) => version.ToString(CultureInfo.InvariantCulture);
}
