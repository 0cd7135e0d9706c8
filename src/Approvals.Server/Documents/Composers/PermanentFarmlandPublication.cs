using Approvals.Documents;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;

namespace Approvals.Server.Documents.Composers;

/// <summary>
/// 调整后永久基本农田位置公告 (Ningxia 三.(八)): a public notice naming the project, who approved its plan and when, the
/// adjusted area, the new farmland and permanent farmland measured at the acceptance before it, the villages concerned
/// and where the location can be consulted.
/// </summary>
public sealed class PermanentFarmlandPublication(ProcessRecords records) : IDocumentComposer
{
    public string Document => "permanent-farmland-publication";

    public async Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var earlier = letter.Step is null ? [] : DefinitionSteps.Preceding(letter.Definition, letter.Step.Id).SelectMany(s => s.SelfAndDescendants()).ToList();
        var acceptance = earlier.OfType<SignOffStep>().FirstOrDefault();
        var accepted = acceptance is null ? null
            : (await records.DecisionsAsync(letter.Instance.Id, [acceptance.Id], letter.Request.RequestedAt, cancellationToken)).LastOrDefault();
        var measured = accepted is null ? null : letter.State.Activities.LastOrDefault(a => a.TaskId == accepted.Id)?.Figures;

        // The plan's approval: the latest approving review of the 实施方案 before this notice.
        var planReviews = earlier.OfType<ReviewStep>().Where(r => PlanDocuments.In(r.Name).Contains("实施方案") && r.Name.Contains("批准", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        var approval = (await records.DecisionsAsync(letter.Instance.Id, planReviews, letter.Request.RequestedAt, cancellationToken)).LastOrDefault(t => t.Outcome == "approve");

        var places = letter.State.Project.Jurisdictions;
        var town = await records.NameAsync(places.Town, cancellationToken) ?? "";
        var villages = string.Join("、", letter.State.Project.Villages.Select(v => v.Name));
        var catalogue = records.Engine.Catalogue;
        List<IReadOnlyList<string>> rows = [["项目名称", letter.Name], ["所在地", $"{letter.County}{town}"]];
        if (villages.Length > 0)
        {
            rows.Add(["涉及行政村", villages]);
        }

        if (letter.State.Project.Facts.Numbers.TryGetValue("permanentFarmlandAdjusted", out var adjusted))
        {
            rows.Add([$"{catalogue.Fact("permanentFarmlandAdjusted")?.Name}（批准方案）", $"{LetterText.Amount(adjusted)}{catalogue.Fact("permanentFarmlandAdjusted")?.Unit}"]);
        }

        foreach (var measure in acceptance?.Measures ?? [])
        {
            if (measured?.TryGetValue(measure.Fact, out var value) == true && catalogue.Fact(measure.Fact) is { } fact)
            {
                rows.Add([$"{fact.Name}（{(measure.OnSite ? "实测" : "核定")}）", $"{LetterText.Amount(value)}{fact.Unit}"]);
            }
        }

        var approvedBy = approval is null ? "" : $"经{await records.PartyNameAsync(approval.Assignee, cancellationToken)}于{LetterText.Date(approval.ClosedAt)}批准，";
        var acceptedBy = accepted is null ? "" : $"涉及永久基本农田调整的子项目已于{LetterText.Date(accepted.ClosedAt)}通过{await records.PartyNameAsync(accepted.Assignee, cancellationToken)}验收。";
        var naturalResources = await records.PartyNameAsync(new Party(Party.DepartmentKind, "natural-resources", places.County), cancellationToken);
        IReadOnlyList<LetterBlock> body =
        [
            new Paragraph($"{letter.Name}实施方案{approvedBy}涉及永久基本农田布局调整。{acceptedBy}根据全域土地综合整治有关规定，现将调整后的永久基本农田位置有关情况公告如下："),
            .. LetterText.Sections(
                ("项目基本情况", [new Table(["事项", "内容"], rows)]),
                ("查阅方式", [new Paragraph($"调整后的永久基本农田位置图件在{letter.IssuerName}和{naturalResources}存放备查，公众可在工作时间查阅。")]),
                ("保护要求", [new Paragraph("调整后的永久基本农田一经划定，任何单位和个人不得擅自占用或者改变用途；对公告内容有异议的，可向上述单位反映。")])),
            new Paragraph("特此公告。"),
        ];
        return letter.Compose($"关于公布{letter.Name}调整后永久基本农田位置的公告", null, body);
    }
}
