using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Access;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Monitoring;

/// <summary>A process stuck for a technical reason, not for a department's slowness: what it is, since when, and the error.</summary>
/// <param name="Kind">stuck (running, with nothing open, scheduled or awaited), timer-late (a time limit or warning that did not fire), letter-waiting (a letter not issued).</param>
public sealed record Incident(string Kind, Guid InstanceId, string ProjectId, string ProjectName, string CountyCode, DateTimeOffset Since, string Detail, string? Error, int Attempts, string Link);

/// <summary>
/// Incidents (Camunda Operate's word): processes in a manager's counties that no clerk can move on, listed apart from
/// the overdue tasks because an operator, not a department, has to act.
/// </summary>
public static class IncidentsApi
{
    /// <summary>Timers are claimed every few seconds: one still pending this long after it fell due did not fire.</summary>
    public static readonly TimeSpan TimerGrace = TimeSpan.FromMinutes(5);

    /// <summary>Letters are issued within seconds of their request.</summary>
    public static readonly TimeSpan LetterGrace = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/monitoring/incidents", ListAsync).WithTags("Monitoring").RequireAuthorization().WithName("MonitoringIncidents")
            .Produces<List<Incident>>().Produces(StatusCodes.Status403Forbidden)
            .WithSummary("Processes in my counties stuck for technical reasons: running with nothing open, scheduled or awaited; a timer that did not fire (with its error); a letter not issued.");
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ApprovalsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await MonitoringScope.CountiesAsync(db, Caller.Of(user), cancellationToken) is not { } counties)
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow().ToUniversalTime();
        var (timersDue, lettersDue) = (now - TimerGrace, now - LetterGrace);
        var instances = db.Instances.AsNoTracking().Where(i => counties.Contains(i.CountyCode));
        var running = InstanceStatus.Running.ToString();

        var stuck = await instances.Where(i => i.Status == running
                && !db.Tasks.Any(t => t.InstanceId == i.Id && t.Status == TaskRowStatus.Open)
                && !db.Timers.Any(t => t.InstanceId == i.Id && t.Status == TimerRowStatus.Pending)
                && !db.Bookmarks.Any(b => b.InstanceId == i.Id)
                && !db.LetterRequests.Any(l => l.InstanceId == i.Id && l.Status == "requested"))
            .Select(i => new { i.Id, i.ProjectId, i.ProjectName, i.CountyCode, i.UpdatedAt, i.CurrentSteps }).ToListAsync(cancellationToken);
        var timers = await db.Timers.AsNoTracking().Where(t => t.Status == TimerRowStatus.Pending && t.DueAt < timersDue)
            .Join(instances, t => t.InstanceId, i => i.Id, (t, i) => new { i.Id, i.ProjectId, i.ProjectName, i.CountyCode, t.Kind, t.DueAt, t.LastError, t.Attempts })
            .ToListAsync(cancellationToken);
        var letters = await db.LetterRequests.AsNoTracking().Where(l => l.Status == "requested" && l.RequestedAt < lettersDue)
            .Join(instances, l => l.InstanceId, i => i.Id, (l, i) => new { i.Id, i.ProjectId, i.ProjectName, i.CountyCode, l.Document, l.ItemName, l.RequestedAt })
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(
            stuck.Select(s => new Incident("stuck", s.Id, s.ProjectId, s.ProjectName, s.CountyCode, s.UpdatedAt,
                    $"流程运行中，但没有待办、计时或等待事项；当前环节：{string.Join("、", StateDocument.Read<List<string>>(s.CurrentSteps))}", null, 0, Link(s.ProjectId)))
                .Concat(timers.Select(t => new Incident("timer-late", t.Id, t.ProjectId, t.ProjectName, t.CountyCode, t.DueAt,
                    $"计时（{t.Kind}）应于 {t.DueAt.ToOffset(Approvals.Engine.Calendar.ChinaStandardTime.Offset):yyyy-MM-dd HH:mm} 触发，仍未执行", t.LastError, t.Attempts, Link(t.ProjectId))))
                .Concat(letters.Select(l => new Incident("letter-waiting", l.Id, l.ProjectId, l.ProjectName, l.CountyCode, l.RequestedAt,
                    $"文书（{l.Document}{(l.ItemName is null ? "" : "，" + l.ItemName)}）已申请，尚未出具", null, 0, Link(l.ProjectId))))
                .OrderBy(i => i.Since).ToList());
    }

    private static string Link(string projectId) => $"/api/projects/{projectId}/timeline";
}
