using Approvals.Documents;
using Approvals.Engine.Definitions;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents.Composers;

/// <summary>
/// 整体验收意见 (or 联合验收 / 完工验收意见, as the step names it): the sub-projects' acceptances, what was measured for the
/// whole project, who took part, and the process's real next step — a batch only where the definition has one (Jiaxing).
/// </summary>
public sealed class OverallAcceptanceOpinion(ProcessRecords records) : IDocumentComposer
{
    public string Document => "overall-acceptance-opinion";

    public async Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var tasks = await records.Db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == letter.Instance.Id && t.Status == TaskRowStatus.Completed && (t.Activity == "signOff" || t.Activity == "acceptance"))
            .ToListAsync(cancellationToken);
        tasks = [.. tasks.Where(t => t.ClosedAt <= letter.Request.RequestedAt)];
        var signOffs = tasks.Where(t => t.Activity == "signOff").GroupBy(t => (t.StepId, t.ItemKey)).Select(g => g.OrderByDescending(t => t.ClosedAt).First())
            .OrderBy(t => t.ClosedAt).ToList();
        var acceptance = tasks.Where(t => t.Activity == "acceptance").OrderByDescending(t => t.ClosedAt).FirstOrDefault();
        var record = acceptance is null ? null : letter.State.Activities.LastOrDefault(a => a.TaskId == acceptance.Id);

        // What a sign-off of the whole project (no item: 县级自验, 新增耕地认定) measured is the project's measured figures.
        var measured = signOffs.Where(t => t.ItemKey is null)
            .Select(t => letter.State.Activities.LastOrDefault(a => a.TaskId == t.Id)?.Figures)
            .OfType<Dictionary<string, decimal>>()
            .SelectMany(f => f).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value);

        var kind = letter.Step?.Name is { } stepName && stepName.StartsWith("出具", StringComparison.Ordinal) && stepName.EndsWith("验收意见", StringComparison.Ordinal)
            ? stepName[2..] : "整体验收意见";
        var acceptanceName = kind[..^2];
        return letter.Compose($"关于{letter.Name}的{kind}", null,
        [
            new Paragraph($"{letter.IssuerName}于{LetterText.Date(acceptance?.ClosedAt)}组织对{letter.Name}进行了{acceptanceName}。各项验收情况如下："),
            new Table(["序号", "验收事项", "验收结论", "验收日期"],
                [.. signOffs.Select((t, i) => (IReadOnlyList<string>)[LetterText.Ordinal(i), t.ItemName ?? t.StepName, LetterText.OutcomeName(t.Outcome), LetterText.Date(t.ClosedAt)])]),
            .. LetterText.Sections(
                ("验收结论", [new Paragraph(acceptance?.Outcome == "approve" ? $"各项验收全部通过，项目{acceptanceName}合格。{NextStep(letter)}" : $"项目未通过{acceptanceName}。")]),
                measured.Count > 0 ? ("核定数据", [new Table(["指标", "数值", "单位"], LetterText.FigureRows(records.Engine.Catalogue, measured))]) : null,
                LetterText.Participants(record?.Participants),
                string.IsNullOrWhiteSpace(acceptance?.Opinion) ? null : ("验收意见", [new Paragraph(LetterText.Sentence(acceptance!.Opinion!))])),
        ]);
    }

    /// <summary>The step after the letter: a batch (报…统一验收), another step by its name, or the end of the process.</summary>
    private static string NextStep(LetterContext letter) =>
        (letter.Step is null ? null : DefinitionSteps.Next(letter.Definition, letter.Step.Id)) switch
        {
            BatchStep batch => $"{batch.Name}。",
            { } next => $"请按程序办理后续事项：{next.Name}。",
            null => "项目验收工作完成。",
        };
}
