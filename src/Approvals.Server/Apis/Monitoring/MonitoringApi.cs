using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using Approvals.Engine.Calendar;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>
/// The managers' views (周例会、月调度): open tasks that are overdue, due soon or stalled, and breakdowns by
/// department, county, region and step with their ageing, each figure drilling down to the list behind it.
/// Ages and lateness are in working days on the statutory calendar; every query stays inside the manager's
/// counties and reads narrow columns, never the state documents.
/// </summary>
public static class MonitoringApi
{
    public const int MaxPageSize = 100;
    public const int MaxExportRows = 50_000;

    private static readonly string[] States = ["open", "overdue", "due-soon", "stalled"];
    private static readonly string[] Ages = ["0-5", "6-10", "11-20", "21+"];
    private static readonly string[] Dimensions = ["department", "county", "region", "step"];

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/monitoring").WithTags("Monitoring").RequireAuthorization();
        group.MapGet("/tasks", ListAsync).WithName("MonitoredTasks")
            .Produces<MonitoredTaskPage>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).Produces(StatusCodes.Status403Forbidden)
            .WithSummary("Open tasks in my counties: state=open|overdue|due-soon|stalled (stalledDays, default from Approvals:Monitoring:StalledWorkingDays), "
                + "filtered by organisation, county, region, step (definition:step) and age (0-5, 6-10, 11-20, 21+ working days); oldest first; format=csv exports them all.");
        group.MapGet("/breakdown", BreakdownAsync).WithName("MonitoringBreakdown")
            .Produces<List<BreakdownRow>>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).Produces(StatusCodes.Status403Forbidden)
            .WithSummary("Open, due-soon and overdue tasks and their ageing in working days, by=department|county|region|step, each row with the query of the list behind it; format=csv exports it.");
        return app;
    }


    /// <summary>The instants that bound ages in working days, counted from today.</summary>
    private sealed record Bounds(DateTimeOffset Now, DateOnly Today, DateTimeOffset Within5, DateTimeOffset Within10, DateTimeOffset Within20)
    {
        public static Bounds At(DateTimeOffset now, WorkingDayCalendar calendar)
        {
            var today = ChinaStandardTime.DateOf(now);
            return new Bounds(now.ToUniversalTime(), today, Start(calendar, today, 5), Start(calendar, today, 10), Start(calendar, today, 20));
        }

        // In UTC: PostgreSQL's timestamptz parameters take no other offset.
        public static DateTimeOffset Start(WorkingDayCalendar calendar, DateOnly today, int workingDays) =>
            ChinaStandardTime.StartOf(calendar.EarliestWithin(today, workingDays)).ToUniversalTime();
    }

    private sealed record Filter(string? Organisation, string? County, string? Region, string? Step, string State, string? Age, int StalledDays);

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, EngineContext engine, TimeProvider time, IConfiguration configuration,
        string? state, int? stalledDays, string? organisation, string? county, string? region, string? step, string? age,
        int? page, int? pageSize, string? format, CancellationToken cancellationToken)
    {
        if (await MonitoringScope.CountiesAsync(db, Caller.Of(user), cancellationToken) is not { } counties)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        var filter = Parse(errors, configuration, state, stalledDays, organisation, county, region, step, age);
        var size = pageSize ?? 20;
        var number = page ?? 1;
        errors.Require(size is >= 1 and <= MaxPageSize, "pageSize", $"每页 1–{MaxPageSize} 条");
        errors.Require(number >= 1, "page", "页码从 1 开始");
        errors.Require(format is null or "json" or "csv", "format", "格式为 json 或 csv");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var bounds = Bounds.At(time.GetUtcNow(), engine.Calendar);
        var tasks = Filtered(db, counties, filter!, bounds, engine.Calendar);
        var overdueFirst = filter!.State == "overdue";
        var ordered = overdueFirst ? tasks.OrderBy(t => t.DueAt).ThenBy(t => t.Id) : tasks.OrderBy(t => t.OpenedAt).ThenBy(t => t.Id);

        // The list shows each task's project: the instance is joined to the page's rows only, after the open tasks'
        // index has chosen them (and counted them, every task having its instance).
        IQueryable<TaskWithInstance> WithProjects(IQueryable<TaskRecord> chosen)
        {
            var rows = chosen.Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new TaskWithInstance { T = t, I = i });
            return overdueFirst ? rows.OrderBy(r => r.T.DueAt).ThenBy(r => r.T.Id) : rows.OrderBy(r => r.T.OpenedAt).ThenBy(r => r.T.Id);
        }

        if (format == "csv")
        {
            var all = await ItemsAsync(db, WithProjects(ordered.Take(MaxExportRows)), bounds, engine.Calendar, cancellationToken);
            return CsvExport.File($"tasks-{filter.State}-{bounds.Today:yyyyMMdd}.csv",
                ["项目", "区县", "环节", "子项目", "承办单位", "开始办理", "办理期限", "预警", "已用工作日", "超期工作日"],
                all.Select(t => (IReadOnlyList<string?>)[t.ProjectName, t.CountyName ?? t.CountyCode, t.StepName, t.Item, t.OrganisationName ?? t.Organisation,
                    Instant(t.OpenedAt), t.DueAt is { } due ? Instant(due) : "", WarningName(t), CsvExport.Number(t.WorkingDaysOpen), CsvExport.Number(t.WorkingDaysOverdue)]));
        }

        var total = await tasks.CountAsync(cancellationToken);
        var items = await ItemsAsync(db, WithProjects(ordered.Skip((number - 1) * size).Take(size)), bounds, engine.Calendar, cancellationToken);
        return TypedResults.Ok(new MonitoredTaskPage(items, number, size, total));
    }

    private static async Task<IResult> BreakdownAsync(
        ClaimsPrincipal user, ApprovalsDbContext db, EngineContext engine, TimeProvider time, IConfiguration configuration,
        string? by, string? organisation, string? county, string? region, string? step, string? format, CancellationToken cancellationToken)
    {
        if (await MonitoringScope.CountiesAsync(db, Caller.Of(user), cancellationToken) is not { } counties)
        {
            return TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        var filter = Parse(errors, configuration, null, null, organisation, county, region, step, null);
        errors.Require(by is not null && Dimensions.Contains(by), "by", $"按 {string.Join(" / ", Dimensions)} 分组");
        errors.Require(format is null or "json" or "csv", "format", "格式为 json 或 csv");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var bounds = Bounds.At(time.GetUtcNow(), engine.Calendar);
        var rows = Filtered(db, counties, filter!, bounds, engine.Calendar);
        var lines = by switch
        {
            "department" => await GroupAsync(rows, r => new Key(r.AssigneeKind, r.AssigneeCode, r.AssigneeJurisdiction), bounds, cancellationToken),
            "county" => await GroupAsync(rows, r => new Key(r.CountyCode, "", ""), bounds, cancellationToken),
            "region" => await GroupAsync(rows, r => new Key(r.DefinitionId, "", ""), bounds, cancellationToken),
            _ => await GroupAsync(rows, r => new Key(r.DefinitionId, r.StepId, ""), bounds, cancellationToken),
        };

        var result = await NameAsync(db, by!, lines, cancellationToken);
        if (format == "csv")
        {
            return CsvExport.File($"breakdown-{by}-{bounds.Today:yyyyMMdd}.csv",
                ["分组", "名称", "在办", "临期（黄灯）", "超期（红灯）", "0–5个工作日", "6–10个工作日", "11–20个工作日", "20个工作日以上"],
                result.Select(r => (IReadOnlyList<string?>)[r.Key, r.Name, CsvExport.Number(r.Open), CsvExport.Number(r.DueSoon), CsvExport.Number(r.Overdue),
                    CsvExport.Number(r.Ageing.UpToFive), CsvExport.Number(r.Ageing.SixToTen), CsvExport.Number(r.Ageing.ElevenToTwenty), CsvExport.Number(r.Ageing.OverTwenty)]));
        }

        return TypedResults.Ok(result);
    }

    /// <summary>A group's key: up to three columns (a department is kind, code and jurisdiction; a step is definition and step).</summary>
    private sealed record Key(string A, string B, string C);

    private sealed class Counts
    {
        public required Key Key { get; init; }

        public string? StepName { get; init; }

        public int Open { get; init; }

        public int DueSoon { get; init; }

        public int Overdue { get; init; }

        public int UpToFive { get; init; }

        public int SixToTen { get; init; }

        public int ElevenToTwenty { get; init; }
    }

    private static async Task<List<Counts>> GroupAsync(IQueryable<TaskRecord> rows, Expression<Func<TaskRecord, Key>> key, Bounds b, CancellationToken cancellationToken)
    {
        var (now, within5, within10, within20) = (b.Now, b.Within5, b.Within10, b.Within20);
        // The key's columns are grouped on as they are; Key is built from them after the query.
        var grouped = await rows.GroupBy(key).Select(g => new
        {
            g.Key.A, g.Key.B, g.Key.C,
            StepName = g.Max(r => r.StepName),
            Open = g.Count(),
            DueSoon = g.Count(r => r.Warning == "yellow" && !(r.DueAt != null && r.DueAt < now)),
            Overdue = g.Count(r => r.DueAt != null && r.DueAt < now),
            UpToFive = g.Count(r => r.OpenedAt >= within5),
            SixToTen = g.Count(r => r.OpenedAt < within5 && r.OpenedAt >= within10),
            ElevenToTwenty = g.Count(r => r.OpenedAt < within10 && r.OpenedAt >= within20),
        }).ToListAsync(cancellationToken);
        return [.. grouped.Select(g => new Counts
        {
            Key = new Key(g.A, g.B, g.C), StepName = g.StepName, Open = g.Open, DueSoon = g.DueSoon, Overdue = g.Overdue,
            UpToFive = g.UpToFive, SixToTen = g.SixToTen, ElevenToTwenty = g.ElevenToTwenty,
        })];
    }

    private static async Task<List<BreakdownRow>> NameAsync(ApprovalsDbContext db, string by, List<Counts> lines, CancellationToken cancellationToken)
    {
        Dictionary<string, string> names;
        (string Key, string Drill) Identify(Key k) => by switch
        {
            "department" => (Parties.OrganisationOf(k.A, k.B, k.C), $"organisation={Uri.EscapeDataString(Parties.OrganisationOf(k.A, k.B, k.C))}"),
            "county" => (k.A, $"county={k.A}"),
            "region" => (k.A, $"region={Uri.EscapeDataString(k.A)}"),
            _ => ($"{k.A}:{k.B}", $"step={Uri.EscapeDataString($"{k.A}:{k.B}")}"),
        };

        var keys = lines.Select(l => Identify(l.Key).Key).ToList();
        if (by is "department" or "county")
        {
            names = await db.Organisations.AsNoTracking().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        }
        else
        {
            var definitions = lines.Select(l => l.Key.A).Distinct().ToList();
            var named = await db.Definitions.AsNoTracking().Where(d => definitions.Contains(d.Id)).Select(d => new { d.Id, d.Version, d.Name }).ToListAsync(cancellationToken);
            names = named.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!.Name);
        }

        return [.. lines.Select(l =>
        {
            var (key, drill) = Identify(l.Key);
            var name = by == "step" ? $"{names.GetValueOrDefault(l.Key.A, l.Key.A)}：{l.StepName}" : names.GetValueOrDefault(key, key);
            return new BreakdownRow(key, name, l.Open, l.DueSoon, l.Overdue,
                new Ageing(l.UpToFive, l.SixToTen, l.ElevenToTwenty, l.Open - l.UpToFive - l.SixToTen - l.ElevenToTwenty), drill);
        }).OrderByDescending(r => r.Overdue).ThenByDescending(r => r.Open).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static Filter? Parse(
        ApiProblems.Errors errors, IConfiguration configuration, string? state, int? stalledDays,
        string? organisation, string? county, string? region, string? step, string? age)
    {
        var chosen = state ?? "open";
        errors.Require(States.Contains(chosen), "state", $"状态为 {string.Join(" / ", States)} 之一");
        var stalled = stalledDays ?? configuration.GetValue("Approvals:Monitoring:StalledWorkingDays", 10);
        errors.Require(stalled is >= 1 and <= 365, "stalledDays", "停滞天数为 1–365 个工作日");
        errors.Require(age is null || Ages.Contains(age), "age", $"时长为 {string.Join(" / ", Ages)} 之一");
        errors.Require(step is null || step.Split(':') is [{ Length: > 0 }, { Length: > 0 }], "step", "环节写作 定义:环节，如 jiaxing:single-item-acceptance");
        return new Filter(organisation, county, region, step, chosen, age, stalled);
    }

    private static IQueryable<TaskRecord> Filtered(ApprovalsDbContext db, IReadOnlyList<string> counties, Filter f, Bounds b, WorkingDayCalendar calendar)
    {
        // Filtered on the task's own county and process: the index on status, county and time does the work.
        var rows = db.Tasks.AsNoTracking().Where(t => t.Status == TaskRowStatus.Open && counties.Contains(t.CountyCode));
        if (f.Organisation is { } organisation)
        {
            // An organisation is "jurisdiction/code" (a department, a village body) or an implementing entity's own id.
            var slash = organisation.LastIndexOf('/');
            rows = slash > 0
                ? rows.Where(r => r.AssigneeJurisdiction == organisation.Substring(0, slash) && r.AssigneeCode == organisation.Substring(slash + 1))
                : rows.Where(r => r.AssigneeCode == "implementing-entity" && r.AssigneeJurisdiction == organisation);
        }

        if (f.County is { } county)
        {
            rows = rows.Where(r => r.CountyCode == county);
        }

        if (f.Region is { } region)
        {
            rows = rows.Where(r => r.DefinitionId == region);
        }

        if (f.Step?.Split(':') is [var definition, var stepId])
        {
            rows = rows.Where(r => r.DefinitionId == definition && r.StepId == stepId);
        }

        var (now, within5, within10, within20) = (b.Now, b.Within5, b.Within10, b.Within20);
        rows = f.Age switch
        {
            "0-5" => rows.Where(r => r.OpenedAt >= within5),
            "6-10" => rows.Where(r => r.OpenedAt < within5 && r.OpenedAt >= within10),
            "11-20" => rows.Where(r => r.OpenedAt < within10 && r.OpenedAt >= within20),
            "21+" => rows.Where(r => r.OpenedAt < within20),
            _ => rows,
        };
        var stalledSince = Bounds.Start(calendar, b.Today, f.StalledDays - 1);
        return f.State switch
        {
            "overdue" => rows.Where(r => r.DueAt != null && r.DueAt < now),
            "due-soon" => rows.Where(r => r.Warning == "yellow" && !(r.DueAt != null && r.DueAt < now)),
            // Not moved for N working days: open at least that long.
            "stalled" => rows.Where(r => r.OpenedAt < stalledSince),
            _ => rows,
        };
    }

    private static async Task<List<MonitoredTask>> ItemsAsync(ApprovalsDbContext db, IQueryable<TaskWithInstance> rows, Bounds b, WorkingDayCalendar calendar, CancellationToken cancellationToken)
    {
        var page = await rows.Select(r => new
        {
            r.T.Id, r.I.ProjectId, r.I.ProjectName, r.I.CountyCode, r.I.DefinitionId, r.T.StepId, r.T.StepName, r.T.ItemName,
            r.T.AssigneeKind, r.T.AssigneeCode, r.T.AssigneeJurisdiction, r.T.OpenedAt, r.T.DueAt, r.T.DueDate, r.T.Warning,
        }).ToListAsync(cancellationToken);
        var organisations = page.Select(p => Parties.OrganisationOf(p.AssigneeKind, p.AssigneeCode, p.AssigneeJurisdiction)).Concat(page.Select(p => p.CountyCode)).Distinct().ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => organisations.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return [.. page.Select(p =>
        {
            var organisation = Parties.OrganisationOf(p.AssigneeKind, p.AssigneeCode, p.AssigneeJurisdiction);
            var late = p.DueAt is { } due && due < b.Now;
            var overdue = late ? calendar.WorkingDaysBetween(p.DueDate ?? ChinaStandardTime.DateOf(p.DueAt!.Value), b.Today) : 0;
            return new MonitoredTask(p.Id, p.ProjectId, p.ProjectName, p.CountyCode, names.GetValueOrDefault(p.CountyCode), p.DefinitionId,
                p.StepId, p.StepName, p.ItemName, organisation, names.GetValueOrDefault(organisation), p.OpenedAt, p.DueAt, p.Warning, late,
                calendar.WorkingDaysBetween(ChinaStandardTime.DateOf(p.OpenedAt), b.Today), overdue, $"/api/projects/{p.ProjectId}/timeline");
        })];
    }

    private static string Instant(DateTimeOffset at) => at.ToOffset(ChinaStandardTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string WarningName(MonitoredTask t) => t.Overdue ? "红灯" : t.Warning == "yellow" ? "黄灯" : "";
}
