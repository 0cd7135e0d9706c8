using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Consent;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Public;

/// <summary>
/// 村务公开: each village decision on a project, public and without personal data — the matter, the date, the
/// body, the tallies and the result with its legal citation. No sign-in; no names of people, no ballots.
/// </summary>
public static class VillageAffairsPages
{
    public const string DecisionPath = "/public/decisions";

    public static IEndpointRouteBuilder MapVillageAffairsPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/public/villages/{villageCode}/decisions", VillageAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(DecisionPath + "/{meetingId:guid}", DecisionAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static async Task<IResult> VillageAsync(string villageCode, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var village = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == villageCode && o.Kind == "village", cancellationToken);
        if (village is null)
        {
            return Results.NotFound();
        }

        var decisions = await Decisions(db, db.ConsentMeetings.Where(m => m.VillageCode == villageCode)).ToListAsync(cancellationToken);
        var rows = new StringBuilder();
        foreach (var d in decisions.OrderByDescending(d => d.Meeting.MeetingDate).ThenByDescending(d => d.Meeting.RecordedAt))
        {
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr><td><a href=\"{DecisionPath}/{d.Meeting.Id}\">{Html.Encode(d.ProjectName)}</a></td><td>{Date(d.Meeting.MeetingDate)}</td><td>{Result(d.Meeting)}</td></tr>");
        }

        return Page($"{village.Name}村务公开：土地综合整治事项表决",
            decisions.Count == 0
                ? "<p>暂无公开的表决事项。</p>"
                : $"<table><thead><tr><th>事项</th><th>表决日期</th><th>结果</th></tr></thead><tbody>{rows}</tbody></table>");
    }

    private static async Task<IResult> DecisionAsync(Guid meetingId, ApprovalsDbContext db, EngineContext engine, CancellationToken cancellationToken)
    {
        var decision = await Decisions(db, db.ConsentMeetings.Where(m => m.Id == meetingId)).FirstOrDefaultAsync(cancellationToken);
        if (decision is null)
        {
            return Results.NotFound();
        }

        var m = decision.Meeting;
        var village = await db.Organisations.AsNoTracking().Where(o => o.Id == m.VillageCode).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken) ?? m.VillageCode;
        var rule = engine.Catalogue.ConsentRules.FirstOrDefault(r => r.Code == m.Rule);
        var correctedBy = await db.ConsentMeetings.AsNoTracking().Where(later => later.SupersedesId == m.Id).Select(later => (Guid?)later.Id).FirstOrDefaultAsync(cancellationToken);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<dl><dt>事项</dt><dd>{Html.Encode(decision.ProjectName)}实施方案的村民意见与表决</dd>");
        body.Append(CultureInfo.InvariantCulture, $"<dt>村</dt><dd>{Html.Encode(village)}</dd>");
        body.Append(CultureInfo.InvariantCulture, $"<dt>表决形式</dt><dd>{BodyName(m.Body)}</dd>");
        body.Append(CultureInfo.InvariantCulture, $"<dt>表决日期</dt><dd>{Date(m.MeetingDate)}</dd>");
        if (m.NoticeDate is { } notice)
        {
            body.Append(CultureInfo.InvariantCulture, $"<dt>通知日期</dt><dd>{Date(notice)}</dd>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<dt>应到</dt><dd>{m.Electorate}</dd><dt>{(m.Body == "written-ballot" ? "收回表决票" : "到会")}</dt><dd>{m.Attendance}</dd>");
        body.Append(CultureInfo.InvariantCulture, $"<dt>同意</dt><dd>{m.Yes}</dd><dt>反对</dt><dd>{m.No}</dd><dt>弃权</dt><dd>{m.Abstain}</dd>");
        body.Append(CultureInfo.InvariantCulture, $"<dt>结果</dt><dd>{Result(m)}</dd><dt>评定</dt><dd>{Html.Encode(m.Summary)}</dd>");
        body.Append(CultureInfo.InvariantCulture, $"<dt>依据</dt><dd>{Html.Encode(rule?.Name ?? m.Rule)}（{Html.Encode(rule?.Citation ?? "")}）</dd></dl>");
        if (m.SupersedesId is { } earlier)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>本记录更正了<a href=\"{DecisionPath}/{earlier}\">此前的表决记录</a>。更正理由：{Html.Encode(m.Reason ?? "")}</p>");
        }

        if (correctedBy is { } later)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"corrected\">本记录已被<a href=\"{DecisionPath}/{later}\">更正</a>。</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/public/villages/{Html.Encode(m.VillageCode)}/decisions\">{Html.Encode(village)}的全部公开事项</a></p>");
        return Page($"{village}村务公开：{decision.ProjectName}", body.ToString());
    }

    private sealed record Decision(ConsentMeeting Meeting, string ProjectName);

    private static IQueryable<Decision> Decisions(ApprovalsDbContext db, IQueryable<ConsentMeeting> meetings) =>
        meetings.AsNoTracking().Join(db.Projects.AsNoTracking(), m => m.ProjectId, p => p.Id, (m, p) => new Decision(m, p.Name));

    private static string Result(ConsentMeeting m) => !m.Valid ? "会议无效" : m.Passed ? "通过" : "未通过";

    private static string Date(DateOnly date) => Approvals.Engine.Calendar.ChinaStandardTime.Written(date);

    private static string BodyName(string body) => body switch
    {
        "villagers-meeting" => "村民会议",
        "villager-representatives-meeting" => "村民代表会议",
        "village-group-meeting" => "村民小组会议",
        "member-assembly" => "集体经济组织成员大会",
        "representatives-assembly" => "集体经济组织成员代表大会",
        "written-ballot" => "书面表决",
        _ => "会议",
    };

    private const string Style =
        "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.7}" +
        "dt{font-weight:bold;float:left;width:7rem}dd{margin-left:8rem}table{border-collapse:collapse;width:100%}" +
        "td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}.corrected{color:#a00}";

    private static IResult Page(string title, string content) => Results.Content(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{Html.Encode(title)}</title><style>{Style}</style></head><body><h1>{Html.Encode(title)}</h1>{content}" +
        "<footer><p>本页依《村民委员会组织法》第三十条公开，不含个人信息。</p></footer></body></html>",
        "text/html; charset=utf-8");
}
