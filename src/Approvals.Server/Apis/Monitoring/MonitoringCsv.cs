using System.Globalization;
using Approvals.Engine.Calendar;
using Approvals.Persistence.Workflows;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>The monitoring lists as the CSV files managers open in Excel: Chinese headers, times in China Standard Time.</summary>
internal static class MonitoringCsv
{
    public static IResult Tasks(string state, DateOnly today, IEnumerable<MonitoredTask> tasks) =>
        CsvExport.File($"tasks-{state}-{today:yyyyMMdd}.csv",
            ["项目", "区县", "环节", "子项目", "承办单位", "开始办理", "办理期限", "预警", "已用工作日", "超期工作日"],
            tasks.Select(t => (IReadOnlyList<string?>)[t.ProjectName, t.CountyName ?? t.CountyCode, t.StepName, t.Item, t.OrganisationName ?? t.Organisation,
                Instant(t.OpenedAt), t.DueAt is { } due ? Instant(due) : "", TaskUrgency.Name(t.Warning, t.Overdue), CsvExport.Number(t.WorkingDaysOpen), CsvExport.Number(t.WorkingDaysOverdue)]));

    public static IResult Breakdown(string by, DateOnly today, IEnumerable<BreakdownRow> rows) =>
        CsvExport.File($"breakdown-{by}-{today:yyyyMMdd}.csv",
            ["分组", "名称", "在办", "临期（黄灯）", "超期（红灯）", "0–5个工作日", "6–10个工作日", "11–20个工作日", "20个工作日以上"],
            rows.Select(r => (IReadOnlyList<string?>)[r.Key, r.Name, CsvExport.Number(r.Open), CsvExport.Number(r.DueSoon), CsvExport.Number(r.Overdue),
                CsvExport.Number(r.Ageing.UpToFive), CsvExport.Number(r.Ageing.SixToTen), CsvExport.Number(r.Ageing.ElevenToTwenty), CsvExport.Number(r.Ageing.OverTwenty)]));

    private static string Instant(DateTimeOffset at) => at.ToOffset(ChinaStandardTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
