using Approvals.Documents;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;

namespace Approvals.Server.Documents.Composers;

/// <summary>
/// 联合审查意见 / 会审综合意见: the one opinion a parallel review yields. The level and the documents reviewed are those of
/// the definition's review before the letter (Ningbo: the city's 片区策划和项目建议书 or 单元方案和可行性研究报告 并联会审;
/// Jiaxing: the county's joint review of the 实施方案); on a return it lists what must change.
/// </summary>
public sealed class CombinedReviewOpinion(ProcessRecords records) : IDocumentComposer
{
    public string Document => "combined-review-opinion";

    public async Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        // Issued by a letter step after the review, or by the review's own join as it sends the project back (onReturn).
        var review = letter.ReturningJoin is { } join ? join
            : letter.Step is null ? null
            : DefinitionSteps.Preceding(letter.Definition, letter.Step.Id).FirstOrDefault(s => s.SelfAndDescendants().Any(d => d is ReviewStep));
        var reviewSteps = review?.SelfAndDescendants().OfType<ReviewStep>().Select(r => r.Id).ToList() ?? [];
        var decisions = (await records.DecisionsAsync(letter.Instance.Id, reviewSteps, letter.Request.RequestedAt, cancellationToken))
            .Where(t => t.AssigneeKind == Party.DepartmentKind).OrderBy(t => t.AssigneeCode, StringComparer.Ordinal).ToList();

        var documents = PlanDocuments.Join(PlanDocuments.In(review?.Name) is { Count: > 0 } named ? named : PlanDocuments.In(letter.Step?.Name) is { Count: > 0 } own ? own : ["实施方案"]);
        var level = LetterText.LevelName((review as ParallelStep)?.Level ?? letter.Request.IssuerJurisdiction switch
        {
            var j when j == letter.State.Project.Jurisdictions.City => "city",
            var j when j == letter.State.Project.Jurisdictions.Province => "province",
            _ => "county",
        }, letter.Definition.Region);
        var joint = review?.Name.Contains("会审", StringComparison.Ordinal) == true ? "并联会审" : "联合审查";
        var kind = joint == "并联会审" || letter.Step?.Name.Contains("综合意见", StringComparison.Ordinal) == true ? "会审综合意见" : "联合审查意见";

        var rows = decisions.Select((t, i) => (IReadOnlyList<string>)[LetterText.Ordinal(i),
            records.Engine.Catalogue.Department(t.AssigneeCode)?.Name ?? "", LetterText.OutcomeName(t.Outcome), t.Opinion ?? "", LetterText.Date(t.ClosedAt)]).ToList();
        var body = new List<LetterBlock>
        {
            new Paragraph($"{letter.NameWith(documents)}经{level}有关部门{joint}，各部门审查意见如下："),
            new Table(["序号", "部门", "审查结论", "意见", "办结日期"], rows),
        };
        var returned = decisions.Where(t => t.Outcome != "approve").ToList();
        if (returned.Count == 0)
        {
            var next = letter.Step is null ? null : DefinitionSteps.Next(letter.Definition, letter.Step.Id);
            body.Add(new Paragraph($"经{joint}，各部门均同意{documents}。" + (next is null ? "" : $"本意见作为下一环节（{next.Name}）的依据。")));
        }
        else
        {
            body.Add(new Paragraph($"经{joint}，{documents}须按下列意见修改完善后重新报审："));
            body.AddRange(returned.Select((t, i) => new Paragraph(
                $"（{LetterText.Numeral(i)}）{records.Engine.Catalogue.Department(t.AssigneeCode)?.Name}：{(string.IsNullOrWhiteSpace(t.Opinion) ? "见审查结论" : t.Opinion)}")));
        }

        return letter.Compose($"关于{letter.NameWith(documents)}的{kind}", null, body);
    }
}
