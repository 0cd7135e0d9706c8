using Approvals.Documents;

namespace Approvals.Server.Documents.Composers;

/// <summary>部门项目确认书 (Jiaxing 附件2): the department's sub-projects in the area, in its three lists (by name: their keys are codes).</summary>
public sealed class ConfirmationLetter : IDocumentComposer
{
    public string Document => "department-confirmation-letter";

    public Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var mine = letter.Project?.SubProjects.Where(s => s.DepartmentCode == letter.Request.IssuerCode).OrderBy(s => s.Key, StringComparer.Ordinal).ToList() ?? [];
        var body = new List<LetterBlock>
        {
            new Paragraph($"根据土地综合整治“一块地”集成改革有关要求，经核实，我单位在{letter.Name}的项目区内的子项目确认如下："),
        };
        foreach (var (heading, plan) in new[] { ("一、在建子项目", "in-progress"), ("二、拟同步建设子项目", "concurrent"), ("三、不在项目区内开展的子项目", "not-in-area") })
        {
            body.Add(new Heading(heading, 1));
            var rows = mine.Where(s => s.Plan == plan).Select((s, i) => (IReadOnlyList<string>)[LetterText.Ordinal(i), s.Name, s.Description ?? ""]).ToList();
            body.Add(rows.Count == 0 ? new Paragraph("无。") : new Table(["序号", "子项目名称", "说明"], rows));
        }

        body.Add(new Paragraph("特此确认。"));
        return Task.FromResult(letter.Compose($"关于{letter.Name}子项目的确认书", $"{letter.County}土地综合整治领导小组", body));
    }
}
