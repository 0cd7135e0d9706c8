using Approvals.Documents;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents.Composers;

/// <summary>
/// 批复 (or 审定意见, as the step names it): the approving body answers the body that reported — what it approves (the
/// documents the letter's step and the approving steps before it name), the project's figures, the decisions taken,
/// the conditions (容缺 materials still due, with their deadlines) and the standard closing. Nothing is stated that
/// the process did not record.
/// </summary>
public sealed class ApprovalDecision(ProcessRecords records) : IDocumentComposer
{
    public string Document => "approval-decision";

    public async Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var (subjects, decisions) = await ApprovedAsync(letter, cancellationToken);
        var subject = PlanDocuments.Join(subjects);
        var kind = letter.Step?.Name.Contains("审定意见", StringComparison.Ordinal) == true ? "审定意见" : "批复";
        var addressee = await AddresseeAsync(letter, cancellationToken);
        var approved = decisions.Count > 0 && decisions.All(t => t.Outcome == "approve");
        var quota = subjects.SequenceEqual(["节余指标跨县域流转"]);

        var body = new List<LetterBlock>
        {
            new Paragraph(quota
                ? $"你单位关于{letter.Name}增减挂钩节余指标跨县域流转的请示收悉。经研究，现批复如下："
                : $"你单位报来的《{letter.NameWith(subject)}》收悉。经{(kind == "审定意见" ? "审定" : "审查")}，现{(kind == "审定意见" ? "提出审定意见" : "批复")}如下："),
        };
        List<IReadOnlyList<LetterBlock>> items =
        [
            [new Paragraph(approved ? (quota ? $"同意{letter.Name}增减挂钩节余指标跨县域流转。" : $"原则同意《{letter.NameWith(subject)}》。") : $"《{letter.NameWith(subject)}》未获同意，理由见审批意见。")],
        ];
        if (Figures(letter) is { } figures)
        {
            items.Add([new Paragraph("项目区面积和主要指标以报批的方案为准，如下表："), figures]);
        }

        if (decisions.Count > 0)
        {
            items.Add([new Paragraph("本批复依据以下审批意见作出："), .. Decisions(decisions, await NamesAsync(decisions, cancellationToken))]);
        }

        if (Conditions(letter, await DeferredByAsync(letter, cancellationToken)) is { } conditions)
        {
            items.Add(conditions);
        }

        if (approved)
        {
            items.Add([new Paragraph(quota
                ? "请严格按照批准的规模和用途使用节余指标，未经批准不得擅自调整流转规模和范围。"
                : $"请按批复要求组织实施，严格落实耕地和永久基本农田保护责任，确保耕地数量不减少、质量有提升；实施中{subject}如有重大调整，须按原程序报批。")]);
        }

        // 一、二、三… lead the first paragraph of each item, as a 批复's items read.
        foreach (var (blocks, i) in items.Select((b, i) => (b, i)))
        {
            body.Add(new Paragraph($"{LetterText.Numeral(i)}、{((Paragraph)blocks[0]).Text}"));
            body.AddRange(blocks.Skip(1));
        }

        return letter.Compose($"关于{letter.NameWith(subject)}的{kind}", addressee, body);
    }

    /// <summary>
    /// What the letter approves and the decisions that approved it: the documents its step names (else those the approving
    /// steps name), and the nearest earlier step whose completed reviews decided them — for a merged approval, only the
    /// review of this letter's document (Ningbo: 项目建议书 by 发改, 片区策划 by the leading group).
    /// </summary>
    private async Task<(IReadOnlyList<string> Subjects, List<TaskRecord> Decisions)> ApprovedAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var named = PlanDocuments.In(letter.Step?.Name);
        var earlier = letter.Step is null ? [] : DefinitionSteps.Preceding(letter.Definition, letter.Step.Id).Where(s => s is not LetterStep).ToList();
        foreach (var step in earlier)
        {
            var reviews = step.SelfAndDescendants().OfType<ReviewStep>().ToList();
            var matching = named.Count == 0 ? reviews : reviews.Where(r => PlanDocuments.In(r.Name).Intersect(named).Any()).ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            var decisions = await records.DecisionsAsync(letter.Instance.Id, [.. matching.Select(r => r.Id)], letter.Request.RequestedAt, cancellationToken);
            if (decisions.Count > 0)
            {
                var subjects = named.Count > 0 ? named : [.. decisions.SelectMany(t => PlanDocuments.In(t.StepName)).Distinct()];
                return (subjects.Count > 0 ? subjects : ["实施方案"], decisions);
            }
        }

        return (named.Count > 0 ? named : ["实施方案"], []);
    }

    /// <summary>A higher level answers the county government that reported; the county's own approval answers the implementing entity.</summary>
    private async Task<string> AddresseeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var places = letter.State.Project.Jurisdictions;
        return letter.Request.IssuerJurisdiction == places.County || letter.Request.IssuerJurisdiction == places.Town
            ? await records.NameAsync(letter.State.Project.ImplementingEntity, cancellationToken) ?? "实施主体"
            : await records.PartyNameAsync(new Party(Party.DepartmentKind, "government", places.County), cancellationToken);
    }

    private Table? Figures(LetterContext letter)
    {
        var rows = LetterText.FigureRows(records.Engine.Catalogue, letter.State.Project.Facts.Numbers);
        var area = letter.Project?.Area is > 0 ? letter.Project.Area : (decimal?)null;
        return rows.Count == 0 && area is null ? null
            : new Table(["指标", "数值", "单位"], [.. area is { } a ? new[] { (IReadOnlyList<string>)["项目区面积", LetterText.Amount(a), "亩"] } : [], .. rows]);
    }

    private async Task<Dictionary<Party, string>> NamesAsync(IEnumerable<TaskRecord> decisions, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Party, string>();
        foreach (var party in decisions.Select(t => t.Assignee).Distinct())
        {
            names[party] = await records.PartyNameAsync(party, cancellationToken);
        }

        return names;
    }

    /// <summary>（一）审批事项：单位于某日审查通过，意见为“…”。 — a paragraph each, as a 批复 cites what it rests on.</summary>
    private static IEnumerable<Paragraph> Decisions(List<TaskRecord> decisions, Dictionary<Party, string> names) =>
        decisions.Select((t, i) => new Paragraph(
            $"（{LetterText.Numeral(i)}）{t.StepName}{(t.ItemName is null ? "" : $"（{t.ItemName}）")}：{names[t.Assignee]}于{LetterText.Date(t.ClosedAt)}"
            + (t.Outcome == "approve" ? "审查通过" : $"审查结论为{LetterText.OutcomeName(t.Outcome)}")
            + (string.IsNullOrWhiteSpace(t.Opinion) ? "。" : $"，意见为“{t.Opinion}”。")));

    /// <summary>Which department accepted each open deferral (容缺受理), by its task.</summary>
    private async Task<Dictionary<Guid, string>> DeferredByAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var open = letter.State.Deferrals.Where(d => d.Status == DeferralStatus.Open && d.Pending.Count > 0).Select(d => d.TaskId).ToList();
        var tasks = await records.Db.Tasks.AsNoTracking().Where(t => open.Contains(t.Id)).Select(t => new { t.Id, t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction }).ToListAsync(cancellationToken);
        var names = new Dictionary<Guid, string>();
        foreach (var t in tasks)
        {
            names[t.Id] = await records.PartyNameAsync(new Party(t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction), cancellationToken);
        }

        return names;
    }

    /// <summary>容缺受理 materials still outstanding: each with the deadline it must be supplied by, and what a missed deadline means.</summary>
    private static IReadOnlyList<LetterBlock>? Conditions(LetterContext letter, Dictionary<Guid, string> deferredBy)
    {
        var open = letter.State.Deferrals.Where(d => d.Status == DeferralStatus.Open && d.Pending.Count > 0).OrderBy(d => d.Deadline).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        var items = open.SelectMany(d => d.Pending.Select(m => (Material: m, Deferral: d))).ToList();
        return
        [
            new Paragraph("下列材料已容缺受理、尚未补正，须按期补正："),
            .. items.Select((m, i) => new Paragraph(
                $"{i + 1}. {m.Material}（{deferredBy.GetValueOrDefault(m.Deferral.TaskId, "")}容缺受理），须于{LetterText.LastDay(m.Deferral.Deadline)}前补正；逾期未补正的，{Consequence(m.Deferral.OnMissed)}。")),
        ];
    }

    private static string Consequence(DeferralConsequence consequence) => consequence switch
    {
        DeferralConsequence.Terminate => "终止办理",
        DeferralConsequence.Suspend => "中止办理，补正后恢复",
        _ => "不予批准",
    };
}
