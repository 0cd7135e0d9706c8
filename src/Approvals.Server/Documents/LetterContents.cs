using System.Globalization;
using Approvals.Documents;
using Approvals.Engine.Calendar;
using Approvals.Engine.Consent;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents;

/// <summary>What a letter says, in Chinese, from the project and what its process recorded: one composer per document kind.</summary>
public sealed class LetterContents(ApprovalsDbContext db, EngineContext engine)
{
    public sealed record Composed(string IssuerId, string IssuerName, string Title, string? Addressee, IReadOnlyList<LetterBlock> Body, string ProjectId);

    public async Task<Composed> ComposeAsync(LetterRequest request, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == request.InstanceId, cancellationToken);
        var project = Guid.TryParse(instance.ProjectId, out var projectId)
            ? await db.Projects.AsNoTracking().Include(p => p.SubProjects).Include(p => p.Villages).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken)
            : null;
        var issuerId = Parties.OrganisationOf(request.IssuerKind, request.IssuerCode, request.IssuerJurisdiction);
        var issuerName = await NameAsync(issuerId, cancellationToken) ?? request.ItemName ?? issuerId;
        var county = await NameAsync(instance.CountyCode, cancellationToken) ?? instance.CountyCode;
        var name = instance.ProjectName;
        return request.Document switch
        {
            "department-confirmation-letter" => Confirmation(request, project, issuerId, issuerName, county, name, instance.ProjectId),
            "combined-review-opinion" => await CombinedReviewAsync(instance, issuerId, issuerName, name, cancellationToken),
            "single-item-acceptance-opinion" => await SingleItemAsync(request, instance, project, issuerId, issuerName, county, name, cancellationToken),
            "overall-acceptance-opinion" => await OverallAsync(instance, issuerId, issuerName, name, cancellationToken),
            "consent-resolution" => await ConsentAsync(request, instance, project, issuerId, issuerName, name, cancellationToken),
            _ => Generic(request, issuerId, issuerName, name, instance.ProjectId),
        };
    }

    private async Task<string?> NameAsync(string organisationId, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);

    private static Composed Confirmation(LetterRequest request, Project? project, string issuerId, string issuerName, string county, string name, string projectId)
    {
        var mine = project?.SubProjects.Where(s => s.DepartmentCode == request.IssuerCode).OrderBy(s => s.Key, StringComparer.Ordinal).ToList() ?? [];
        var body = new List<LetterBlock>
        {
            new Paragraph($"根据土地综合整治“一块地”集成改革有关要求，经核实，我单位在{name}的项目区内的子项目确认如下："),
        };
        foreach (var (heading, plan) in new[] { ("一、在建子项目", "in-progress"), ("二、拟同步建设子项目", "concurrent"), ("三、不在项目区内开展的子项目", "not-in-area") })
        {
            body.Add(new Heading(heading, 1));
            var rows = mine.Where(s => s.Plan == plan).Select((s, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), s.Name, s.Key, s.Description ?? ""]).ToList();
            body.Add(rows.Count == 0 ? new Paragraph("无。") : new Table(["序号", "子项目名称", "编号", "说明"], rows));
        }

        body.Add(new Paragraph("特此确认。"));
        return new Composed(issuerId, issuerName, $"关于{name}子项目的确认书", $"{county}土地综合整治领导小组", body, projectId);
    }

    private async Task<Composed> CombinedReviewAsync(InstanceRecord instance, string issuerId, string issuerName, string name, CancellationToken cancellationToken)
    {
        // The latest decision of each department in the joint review (a returned plan is reviewed again).
        var reviews = await db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == instance.Id && t.Activity == "review" && t.AssigneeKind == Party.DepartmentKind && t.Status == TaskRowStatus.Completed)
            .ToListAsync(cancellationToken);
        var latest = reviews.Where(t => t.StepId == reviews.OrderByDescending(r => r.ClosedAt).First().StepId)
            .GroupBy(t => t.AssigneeCode).Select(g => g.OrderByDescending(t => t.ClosedAt).First()).OrderBy(t => t.AssigneeCode, StringComparer.Ordinal).ToList();
        var rows = latest.Select((t, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture),
            engine.Catalogue.Department(t.AssigneeCode)?.Name ?? t.AssigneeCode, OutcomeName(t.Outcome), t.Opinion ?? "", Date(t.ClosedAt)]).ToList();
        return new Composed(issuerId, issuerName, $"关于{name}实施方案的联合审查意见", null,
        [
            new Paragraph($"{name}实施方案经县级有关部门联合审查，各部门审查意见如下："),
            new Table(["序号", "部门", "审查结论", "意见", "办结日期"], rows),
            new Paragraph(latest.All(t => t.Outcome == "approve") ? "经联合审查，各部门均同意该实施方案，可按程序组织实施。" : "经联合审查，该实施方案须按上述意见修改完善后重新报审。"),
        ], instance.ProjectId);
    }

    private async Task<Composed> SingleItemAsync(
        LetterRequest request, InstanceRecord instance, Project? project, string issuerId, string issuerName, string county, string name, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instance.Id && t.Activity == "signOff" && t.ItemKey == request.ItemKey && t.Status == TaskRowStatus.Completed)
            .OrderByDescending(t => t.ClosedAt).FirstOrDefaultAsync(cancellationToken);
        var record = task is null ? null : StateDocument.Read(instance.State).Activities.LastOrDefault(a => a.TaskId == task.Id);
        var subProject = project?.SubProjects.FirstOrDefault(s => s.Key == request.ItemKey);
        var body = new List<LetterBlock>
        {
            new Paragraph($"{issuerName}于{Date(task?.ClosedAt)}对{name}中的“{subProject?.Name ?? request.ItemName}”子项目组织了单项验收，意见如下。"),
        };
        body.AddRange(Sections(
            ("验收结论", [new Paragraph(task?.Outcome == "approve" ? "该子项目按批准的实施方案建设完成，单项验收合格。" : "该子项目未通过单项验收。")]),
            record?.Figures is { Count: > 0 } figures
                ? ("实测数据", [new Table(["指标", "数值", "单位"], [.. figures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (IReadOnlyList<string>)[
                    engine.Catalogue.Fact(f.Key)?.Name ?? f.Key, f.Value.ToString(CultureInfo.InvariantCulture), engine.Catalogue.Fact(f.Key)?.Unit ?? ""])])])
                : null,
            Participants(record?.Participants),
            string.IsNullOrWhiteSpace(task?.Opinion) ? null : ("验收意见", [new Paragraph(task!.Opinion!)])));

        return new Composed(issuerId, issuerName, $"关于{name}{subProject?.Name ?? request.ItemName}的单项验收意见", $"{county}土地综合整治领导小组", body, instance.ProjectId);
    }

    private async Task<Composed> OverallAsync(InstanceRecord instance, string issuerId, string issuerName, string name, CancellationToken cancellationToken)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instance.Id && t.Status == TaskRowStatus.Completed && (t.Activity == "signOff" || t.Activity == "acceptance"))
            .ToListAsync(cancellationToken);
        var signOffs = tasks.Where(t => t.Activity == "signOff").GroupBy(t => t.ItemKey).Select(g => g.OrderByDescending(t => t.ClosedAt).First()).OrderBy(t => t.ItemKey, StringComparer.Ordinal).ToList();
        var acceptance = tasks.Where(t => t.Activity == "acceptance").OrderByDescending(t => t.ClosedAt).FirstOrDefault();
        var participants = acceptance is null ? null : StateDocument.Read(instance.State).Activities.LastOrDefault(a => a.TaskId == acceptance.Id)?.Participants;
        return new Composed(issuerId, issuerName, $"关于{name}的整体验收意见", null,
        [
            new Paragraph($"{issuerName}于{Date(acceptance?.ClosedAt)}组织对{name}进行了整体验收。各子项目单项验收情况如下："),
            new Table(["序号", "子项目", "验收结论", "验收日期"],
                [.. signOffs.Select((t, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), t.ItemName ?? t.ItemKey ?? "", OutcomeName(t.Outcome), Date(t.ClosedAt)])]),
            .. Sections(
                ("验收结论", [new Paragraph(acceptance?.Outcome == "approve" ? "单项验收全部通过，项目整体验收合格，按批次报市级土地综合整治领导小组统一验收。" : "项目未通过整体验收。")]),
                Participants(participants),
                string.IsNullOrWhiteSpace(acceptance?.Opinion) ? null : ("验收意见", [new Paragraph(acceptance!.Opinion!)])),
        ], instance.ProjectId);
    }

    /// <summary>参加验收人员, villagers' representatives marked as such.</summary>
    private static (string, IReadOnlyList<LetterBlock>)? Participants(IReadOnlyList<Participant>? participants) =>
        participants is { Count: > 0 }
            ? ("参加验收人员", [new Table(["序号", "姓名", "单位", "身份"], [.. participants.Select((p, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture), p.Name, p.Organisation ?? "", Participant.Roles.GetValueOrDefault(p.Role, p.Role)])])])
            : null;

    /// <summary>Headed sections numbered 一、二、三… in order, leaving out those with nothing to say.</summary>
    private static IEnumerable<LetterBlock> Sections(params (string Title, IReadOnlyList<LetterBlock> Blocks)?[] sections)
    {
        var number = 0;
        foreach (var (title, blocks) in sections.OfType<(string, IReadOnlyList<LetterBlock>)>())
        {
            yield return new Heading($"{"一二三四五六七八九十"[number++]}、{title}", 1);
            foreach (var block in blocks)
            {
                yield return block;
            }
        }
    }

    private async Task<Composed> ConsentAsync(
        LetterRequest request, InstanceRecord instance, Project? project, string issuerId, string issuerName, string name, CancellationToken cancellationToken)
    {
        var meeting = project is null ? null : await db.ConsentMeetings.AsNoTracking()
            .Where(m => m.ProjectId == project.Id && m.VillageCode == request.ItemKey && m.Valid && m.Passed && m.RecordedAt <= request.RequestedAt)
            .OrderByDescending(m => m.RecordedAt).FirstOrDefaultAsync(cancellationToken);
        var rule = meeting is null ? null : engine.Catalogue.ConsentRules.FirstOrDefault(r => r.Code == meeting.Rule);
        var village = request.ItemName ?? request.ItemKey ?? "";
        var decided = meeting is null ? "村民表决" : ConsentRules.BodyName(meeting.Rule, meeting.Body, meeting.MeetingDate);
        IReadOnlyList<LetterBlock> body = meeting is null
            ? [new Paragraph($"{village}就{name}实施方案的表决结果见村务公开。")]
            :
            [
                new Paragraph($"{village}于{Date(meeting.MeetingDate)}就{name}实施方案进行表决，现将决议摘要如下："),
                new Table(["事项", "内容"],
                [
                    ["表决形式", decided],
                    ["依据", $"{rule?.Name}（{rule?.Citation}）"],
                    ["应到", meeting.Electorate.ToString(CultureInfo.InvariantCulture)],
                    ["到会（收回表决票）", meeting.Attendance.ToString(CultureInfo.InvariantCulture)],
                    ["同意 / 反对 / 弃权", $"{meeting.Yes} / {meeting.No} / {meeting.Abstain}"],
                    .. meeting.CommitteeMembers is { } committee ? new[] { (IReadOnlyList<string>)["组成人员中村民委员会成员", committee.ToString(CultureInfo.InvariantCulture)] } : [],
                    .. meeting.RepresentativesYes is { } representatives ? new[] { (IReadOnlyList<string>)["村民代表同意", representatives.ToString(CultureInfo.InvariantCulture)] } : [],
                    ["结果", "通过"],
                ]),
                new Paragraph(meeting.Summary),
            ];
        // The title names the body that decided (成员大会, 村民代表会议 …), not a villagers' vote for all.
        return new Composed(issuerId, issuerName, $"{village}关于{name}实施方案的{decided}决议摘要", null, body, instance.ProjectId);
    }

    private static Composed Generic(LetterRequest request, string issuerId, string issuerName, string name, string projectId) =>
        new(issuerId, issuerName, $"关于{name}的{request.Document}", null, [new Paragraph($"{name}：{request.ItemName ?? request.Document}。")], projectId);

    private static string OutcomeName(string? outcome) => outcome switch
    {
        "approve" => "通过",
        "return" => "退回补正",
        "reject" => "不予通过",
        _ => outcome ?? "",
    };

    private static string Date(DateTimeOffset? at) => at is { } value ? ChinaStandardTime.Written(ChinaStandardTime.DateOf(value)) : "";

    private static string Date(DateOnly date) => ChinaStandardTime.Written(date);
}
