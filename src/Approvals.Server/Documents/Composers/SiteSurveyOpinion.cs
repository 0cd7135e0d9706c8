using Approvals.Documents;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;

namespace Approvals.Server.Documents.Composers;

/// <summary>
/// 实地踏勘论证意见 (Ningxia 四.(十一)): the province's natural-resources department surveyed the site and argues whether
/// adjusting 永久基本农田 inside the urban development boundary is necessary and reasonable — from the survey task's date,
/// outcome and opinion, and the project's adjustment figures against the definition's limit.
/// </summary>
public sealed class SiteSurveyOpinion(ProcessRecords records) : IDocumentComposer
{
    private static readonly string[] Figures = ["permanentFarmlandArea", "townPermanentFarmlandArea", "permanentFarmlandAdjusted", "permanentFarmlandAdded"];

    public string Document => "site-survey-opinion";

    public async Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var survey = letter.Step is null ? null
            : DefinitionSteps.Preceding(letter.Definition, letter.Step.Id).SelectMany(s => s.SelfAndDescendants()).OfType<ReviewStep>().FirstOrDefault();
        var task = survey is null ? null
            : (await records.DecisionsAsync(letter.Instance.Id, [survey.Id], letter.Request.RequestedAt, cancellationToken)).LastOrDefault();
        var numbers = letter.State.Project.Facts.Numbers;
        var figures = Figures.Where(numbers.ContainsKey).ToDictionary(f => f, f => numbers[f]);
        var addressee = await records.PartyNameAsync(new Party(Party.DepartmentKind, "government", letter.State.Project.Jurisdictions.County), cancellationToken);
        var approved = task?.Outcome == "approve";

        var body = new List<LetterBlock>
        {
            new Paragraph($"{(task is null ? letter.IssuerName : await records.PartyNameAsync(task.Assignee, cancellationToken))}于{LetterText.Date(task?.ClosedAt)}组织对{letter.Name}涉及的城镇开发边界围合范围内永久基本农田调整进行了实地踏勘，"
                + "按照县乡国土空间规划明确的功能布局，对调整的必要性、合理性进行了论证。意见如下："),
        };
        body.AddRange(LetterText.Sections(
            figures.Count == 0 ? null : ("调整规模", [new Table(["指标", "数值", "单位"], LetterText.FigureRows(records.Engine.Catalogue, figures)), .. Limit(letter, numbers)]),
            string.IsNullOrWhiteSpace(task?.Opinion) ? null : ("论证意见", [new Paragraph(LetterText.Sentence(task!.Opinion!))]),
            ("论证结论", [new Paragraph(approved
                ? "经实地踏勘论证，该项目调整城镇开发边界围合范围内永久基本农田确有必要、布局合理，同意按实施方案调整，优先在城镇开发边界围合范围内补划；确需调出的，城镇开发边界规模和扩展倍数不得扩大。"
                : "经实地踏勘论证，调整的必要性、合理性论证不充分，请按上述意见修改完善实施方案后重新报审。")])));

        return letter.Compose($"关于{letter.Name}永久基本农田调整的实地踏勘论证意见", addressee, body);
    }

    /// <summary>The adjusted share of the town's permanent farmland against the definition's check of it, where it has one.</summary>
    private static IEnumerable<LetterBlock> Limit(LetterContext letter, IReadOnlyDictionary<string, decimal> numbers)
    {
        var check = letter.Definition.AllSteps().OfType<GateStep>().SelectMany(g => g.Checks)
            .FirstOrDefault(c => c.RatioOf == "permanentFarmlandAdjusted" && c.RatioTo is not null && c.AtMost is not null);
        if (check is null || !numbers.TryGetValue("permanentFarmlandAdjusted", out var adjusted) || !numbers.TryGetValue(check.RatioTo!, out var whole) || whole == 0)
        {
            yield break;
        }

        var within = adjusted / whole <= check.AtMost;
        yield return new Paragraph($"调整面积占比为{LetterText.Percent(adjusted, whole)}，{(within ? "符合" : "不符合")}“{check.Name}”的要求。");
    }
}
