using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Organisations;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Monitoring;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Demo;

/// <summary>
/// A synthetic province for the managers' views at scale (模拟省, code 990000): 10 cities of 10 counties, each county
/// with the Jiaxing process's departments and a leading group office, and projects started over two years whose
/// department tasks (11 each) opened, closed, ran late or were returned as real ones do. Rows are written directly
/// (tasks and instances), not through the engine: the monitoring queries read only those columns. The projects'
/// process pages are not meaningful; this is data to measure and test the monitoring views on.
/// </summary>
public static class SyntheticProvince
{
    public const string Province = "990000";

    private static readonly string[] Departments = ["agriculture-rural", "water-resources", "transport"];

    /// <summary>A phase of the process: its step, who does it, and its time limit in working days.</summary>
    private sealed record Phase(string StepId, string Activity, string[] Departments, string Level, int Limit);

    private static readonly Phase[] Phases =
    [
        new("confirm-sub-projects", "review", Departments, "county", 5),
        new("establishment-approval", "review", ["natural-resources"], "city", 20),
        new("review-plan", "review", Departments, "county", 20),
        new("single-item-acceptance", "signOff", Departments, "county", 20),
        new("county-overall-acceptance", "acceptance", ["leading-group-office"], "county", 20),
    ];

    public sealed record Result(int Projects, int Tasks, int OpenTasks, TimeSpan Elapsed);

    public static async Task<Result> GenerateAsync(IServiceProvider services, int projects, int seed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<ApprovalsDbContext>();
        var workflows = provider.GetRequiredService<WorkflowSet>();
        var calendar = provider.GetRequiredService<EngineContext>().Calendar;
        await provider.GetRequiredService<DefinitionRegistry>().PublishAsync(db, workflows.Definitions, now, cancellationToken);
        var definition = workflows.Definitions.Select(d => d.Definition).Where(d => d.Id == "jiaxing").MaxBy(d => d.Version)!;
        await SeedOrganisationsAsync(db, provider.GetRequiredService<IPasswordHasher<UserAccount>>(), now, cancellationToken);

        var random = new Random(seed);
        var counties = Enumerable.Range(1, 10).SelectMany(c => Enumerable.Range(1, 10).Select(k => $"99{c:00}{k:00}")).ToArray();
        var (tasks, open) = (0, 0);
        var tallies = new Tallies();
        var chains = provider.GetRequiredService<JurisdictionChains>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        using var gate = await provider.GetRequiredService<WriteGate>().EnterAsync(cancellationToken);
        for (var done = 0; done < projects;)
        {
            var batch = Math.Min(1000, projects - done);
            for (var i = 0; i < batch; i++)
            {
                var (instance, rows) = Project(definition, calendar, random, counties[random.Next(counties.Length)], done + i + 1, now);
                db.Instances.Add(instance);
                db.Tasks.AddRange(rows);
                var chain = await chains.OfAsync(db, instance.CountyCode, cancellationToken);
                foreach (var row in rows.Where(r => r.ClosedAt is not null))
                {
                    // Counted as the runtime counts a task it closes.
                    tallies.Add(new ClosedTask(row.CountyCode, row.DefinitionId, row.AssigneeKind, row.AssigneeCode, row.AssigneeJurisdiction, row.StepId, row.StepName,
                        row.Status == TaskRowStatus.Completed, row.Outcome, row.ClosedAt!.Value, row.DueAt, row.WorkingDaysTaken), chain);
                }
                tasks += rows.Count;
                open += rows.Count(r => r.Status == TaskRowStatus.Open);
            }

            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
                await tallies.WriteAsync(db, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            done += batch;
        }

        return new Result(projects, tasks, open, clock.Elapsed);
    }

    private static (InstanceRecord, List<TaskRecord>) Project(WorkflowDefinition definition, WorkingDayCalendar calendar, Random random, string county, int number, DateTimeOffset now)
    {
        var started = now.AddMinutes(-random.Next(2 * 365 * 24 * 60));
        var instanceId = Guid.CreateVersion7(started);
        var rows = new List<TaskRecord>();
        var at = started;
        var finished = true;
        foreach (var phase in Phases)
        {
            var step = definition.Find(phase.StepId)!;
            var ends = at;
            foreach (var department in phase.Departments)
            {
                var due = calendar.AddWorkingDays(at, phase.Limit);
                // Most tasks finish within their limit; one in six runs over, a few by far.
                var days = random.NextDouble() < 0.83 ? random.Next(0, phase.Limit + 1) : phase.Limit + 1 + random.Next(0, phase.Limit * 2);
                var closes = ChinaStandardTime.StartOf(calendar.AddWorkingDays(ChinaStandardTime.DateOf(at), Math.Max(days, 1)).Date).AddHours(9 + random.Next(8));
                var closed = closes <= now;
                var jurisdiction = phase.Level == "city" ? county[..4] + "00" : county;
                rows.Add(new TaskRecord
                {
                    Id = Guid.CreateVersion7(at), InstanceId = instanceId, CountyCode = county, DefinitionId = definition.Id, ActivityId = rows.Count + 1, StepId = phase.StepId, StepName = step.Name,
                    Activity = phase.Activity, AssigneeKind = "department", AssigneeCode = department, AssigneeJurisdiction = jurisdiction,
                    ItemKey = phase.Departments.Length > 1 ? department : null, Status = closed ? TaskRowStatus.Completed : TaskRowStatus.Open,
                    Outcome = closed ? (random.NextDouble() < 0.05 ? "return" : "approve") : null, Outcomes = "approve,return",
                    OpenedAt = at, DueDate = due.Date, DueAt = due.EndsAt, ClosedAt = closed ? closes : null, ClosedBy = closed ? "synthetic" : null,
                    WorkingDaysTaken = closed ? calendar.WorkingDaysBetween(ChinaStandardTime.DateOf(at), ChinaStandardTime.DateOf(closes)) : null,
                    Warning = Warning(calendar, due, closed ? closes : now),
                });
                ends = closes > ends ? closes : ends;
            }

            if (ends > now)
            {
                finished = false;
                break;
            }

            at = ends;
        }

        var openRows = rows.Where(r => r.Status == TaskRowStatus.Open).ToList();
        return (new InstanceRecord
        {
            Id = instanceId, DefinitionId = definition.Id, DefinitionVersion = definition.Version, ProjectId = Guid.CreateVersion7(started).ToString(),
            ProjectName = $"模拟项目{number:000000}", CountyCode = county, Status = (finished ? InstanceStatus.Completed : InstanceStatus.Running).ToString(),
            CurrentSteps = StateDocument.Write(openRows.Select(r => r.StepName).Distinct().ToList()),
            CurrentDepartments = string.Join(',', openRows.Select(r => r.AssigneeCode).Distinct()),
            NextDueAt = openRows.Min(r => r.DueAt), StartedAt = started, UpdatedAt = rows.Max(r => r.ClosedAt ?? r.OpenedAt),
            EndedAt = finished ? rows.Max(r => r.ClosedAt) : null, Version = 1, AuditHead = "", State = "{}",
        }, rows);
    }

    /// <summary>The warning the timers would have raised by then: red past the limit, yellow within two working days of it.</summary>
    private static string? Warning(WorkingDayCalendar calendar, DueDate due, DateTimeOffset by) =>
        by > due.EndsAt ? TaskUrgency.Red : calendar.WorkingDayDifference(ChinaStandardTime.DateOf(by), due.Date) <= 2 ? TaskUrgency.Yellow : null;

    private static async Task SeedOrganisationsAsync(ApprovalsDbContext db, IPasswordHasher<UserAccount> hasher, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Organisations.AnyAsync(o => o.Id == Province, cancellationToken))
        {
            return;
        }

        var places = new List<Organisation> { new() { Id = Province, Kind = "province", Name = "模拟省", Jurisdiction = Province } };
        for (var c = 1; c <= 10; c++)
        {
            var city = $"99{c:00}00";
            places.Add(new Organisation { Id = city, Kind = "city", Name = $"模拟省第{c}市", ParentId = Province, Jurisdiction = city });
            for (var k = 1; k <= 10; k++)
            {
                var county = $"99{c:00}{k:00}";
                places.Add(new Organisation { Id = county, Kind = "county", Name = $"第{c}市第{k}县", ParentId = city, Jurisdiction = county });
            }
        }

        var offices = places.Select(p => new Organisation
        {
            Id = $"{p.Id}/leading-group-office", Kind = "department", Name = $"{p.Name}土地综合整治领导小组办公室", ParentId = p.Id, Jurisdiction = p.Id, DepartmentCode = "leading-group-office",
        }).ToList();
        var bureaus = places.Where(p => p.Kind != "province").SelectMany(p => Departments.Append("natural-resources").Select(d => new Organisation
        {
            Id = $"{p.Id}/{d}", Kind = "department", Name = $"{p.Name}{d}", ParentId = p.Id, Jurisdiction = p.Id, DepartmentCode = d,
        })).ToList();
        db.Organisations.AddRange([.. places, .. offices, .. bureaus]);

        // A manager for the province, the first city and its first county.
        foreach (var (userName, office) in new[] { ("sim-province", Province), ("sim-city", "990100"), ("sim-county", "990101") })
        {
            var user = new UserAccount
            {
                Id = Guid.CreateVersion7(), UserName = userName, DisplayName = $"{places.First(p => p.Id == office).Name}领导小组办公室", OrganisationId = $"{office}/leading-group-office",
                Roles = "manager,clerk", PasswordHash = "", CreatedAt = now,
            };
            user.PasswordHash = hasher.HashPassword(user, DemoData.Password);
            db.Users.Add(user);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
