using Approvals.Documents;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents.Composers;

/// <summary>单项验收意见: one department's acceptance of one sub-project, with what it measured and who took part.</summary>
public sealed class SingleItemAcceptanceOpinion(ProcessRecords records) : IDocumentComposer
{
    public string Document => "single-item-acceptance-opinion";

    public async Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var request = letter.Request;
        var task = await records.Db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == letter.Instance.Id && t.Activity == "signOff" && t.ItemKey == request.ItemKey && t.Status == TaskRowStatus.Completed)
            .OrderByDescending(t => t.ClosedAt).FirstOrDefaultAsync(cancellationToken);
        var record = task is null ? null : letter.State.Activities.LastOrDefault(a => a.TaskId == task.Id);
        var subProject = letter.Project?.SubProjects.FirstOrDefault(s => s.Key == request.ItemKey)?.Name ?? request.ItemName;
        var body = new List<LetterBlock>
        {
            new Paragraph($"{letter.IssuerName}于{LetterText.Date(task?.ClosedAt)}对{letter.Name}中的“{subProject}”子项目组织了单项验收，意见如下。"),
        };
        body.AddRange(LetterText.Sections(
            ("验收结论", [new Paragraph(task?.Outcome == "approve" ? "该子项目按批准的实施方案建设完成，单项验收合格。" : "该子项目未通过单项验收。")]),
            record?.Figures is { Count: > 0 } figures
                ? (record.Measurement is null ? "验收数据" : "实测数据", [
                    new Table(["指标", "数值", "单位"], LetterText.FigureRows(records.Engine.Catalogue, figures)),
                    .. record.Measurement is { } m
                        ? new LetterBlock[] { new Paragraph($"以上数据经{(m.Method == Measurement.OnSite ? "实地测量（实测）" : "图上量测（图测）")}取得，测量单位及人员：{m.By}。") }
                        : []])
                : null,
            LetterText.Participants(record?.Participants),
            string.IsNullOrWhiteSpace(task?.Opinion) ? null : ("验收意见", [new Paragraph(LetterText.Sentence(task!.Opinion!))])));

        return letter.Compose($"关于{letter.Name}{subProject}的单项验收意见", $"{letter.County}土地综合整治领导小组", body);
    }
}
