using System.Globalization;
using Approvals.Documents;
using Approvals.Engine.Consent;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents.Composers;

/// <summary>村民表决决议摘要: the village's decision on the plan, titled by the body that decided (成员大会, 村民代表会议 …).</summary>
public sealed class ConsentResolution(ProcessRecords records) : IDocumentComposer
{
    public string Document => "consent-resolution";

    public async Task<LetterContents.Composed> ComposeAsync(LetterContext letter, CancellationToken cancellationToken)
    {
        var request = letter.Request;
        var meeting = letter.Project is null ? null : await records.Db.ConsentMeetings.AsNoTracking()
            .Where(m => m.ProjectId == letter.Project.Id && m.VillageCode == request.ItemKey && m.Valid && m.Passed && m.RecordedAt <= request.RequestedAt)
            .OrderByDescending(m => m.RecordedAt).FirstOrDefaultAsync(cancellationToken);
        var rule = meeting is null ? null : records.Engine.Catalogue.ConsentRules.FirstOrDefault(r => r.Code == meeting.Rule);
        var village = request.ItemName ?? "";
        var decided = meeting is null ? "村民表决" : ConsentRules.BodyName(meeting.Rule, meeting.Body, meeting.MeetingDate);
        IReadOnlyList<LetterBlock> body = meeting is null
            ? [new Paragraph($"{village}就{letter.Name}实施方案的表决结果见村务公开。")]
            :
            [
                new Paragraph($"{village}于{LetterText.Date(meeting.MeetingDate)}就{letter.Name}实施方案进行表决，现将决议摘要如下："),
                new Table(["事项", "内容"],
                [
                    ["表决形式", decided],
                    ["依据", rule is null ? "" : $"{rule.Name}（{rule.Citation}）"],
                    ["应到", meeting.Electorate.ToString(CultureInfo.InvariantCulture)],
                    ["到会（收回表决票）", meeting.Attendance.ToString(CultureInfo.InvariantCulture)],
                    ["同意 / 反对 / 弃权", $"{meeting.Yes} / {meeting.No} / {meeting.Abstain}"],
                    .. meeting.CommitteeMembers is { } committee ? new[] { (IReadOnlyList<string>)["组成人员中村民委员会成员", committee.ToString(CultureInfo.InvariantCulture)] } : [],
                    .. meeting.RepresentativesYes is { } representatives ? new[] { (IReadOnlyList<string>)["村民代表同意", representatives.ToString(CultureInfo.InvariantCulture)] } : [],
                    ["结果", "通过"],
                ]),
                new Paragraph(meeting.Summary),
            ];
        return letter.Compose($"{village}关于{letter.Name}实施方案的{decided}决议摘要", null, body);
    }
}
