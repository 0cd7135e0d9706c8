using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Batches;
using Approvals.Persistence.Consent;
using Approvals.Persistence.Projects;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Workflows;
using Approvals.Server.Apis.Projects;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Demo;

/// <summary>
/// A living system at first start: Jiaxing projects at different stages, driven through the real engine by
/// the demo users, so every kind of user finds something in their inbox. Seeded once, on an empty database.
/// </summary>
public static class DemoProjects
{
    public const string BatchReference = "2026年第3批";

    public static async Task<int> SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<ApprovalsDbContext>();
        if (await db.Projects.AnyAsync(cancellationToken))
        {
            return 0;
        }

        // Projects start on published definitions; publishing is idempotent, so the publisher finds nothing to do.
        await provider.GetRequiredService<DefinitionRegistry>().PublishAsync(db, provider.GetRequiredService<WorkflowSet>().Definitions, now, cancellationToken);
        var demo = new Driver(db, provider.GetRequiredService<WorkflowRuntime>(), now);

        await demo.RegisterAsync("姚庄镇北鹤片区全域土地综合整治项目（草稿）", start: false, cancellationToken);

        // Waiting in three county bureaus' inboxes: the sub-project confirmations.
        var confirming = await demo.RegisterAsync("姚庄镇北鹤片区农田集中连片整治项目", start: true, cancellationToken);
        await demo.CompleteAsync(confirming, "select-sub-projects", "yaozhuang", cancellationToken);

        // In consent: both villages have gathered opinions and must now vote.
        var consenting = await demo.RegisterAsync("姚庄镇桃源片区全域土地综合整治项目", start: true, cancellationToken);
        await demo.AdvanceToConsentAsync(consenting, cancellationToken);
        await demo.CompleteAsync(consenting, "village-opinions", "beihe", cancellationToken);
        await demo.CompleteAsync(consenting, "village-opinions", "taoyuan", cancellationToken);

        // In acceptance: 农业农村 has signed off its item; 水利 and 交通运输 have theirs to do.
        var accepting = await demo.RegisterAsync("姚庄镇中心片区土地综合整治项目", start: true, cancellationToken);
        await demo.AdvanceToSignOffsAsync(accepting, cancellationToken);
        await demo.CompleteAsync(accepting, "single-item-acceptance", "jx-nongye", cancellationToken,
            figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 42.6m }, participants: AcceptanceParticipants("嘉善县农业农村局"));

        // In the city's batch: accepted by the county, reported to the city, in an open batch.
        var batched = await demo.RegisterAsync("姚庄镇沉香片区土地综合整治项目", start: true, cancellationToken);
        await demo.AdvanceToSignOffsAsync(batched, cancellationToken);
        foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
        {
            await demo.CompleteAsync(batched, "single-item-acceptance", clerk, cancellationToken,
                figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 38.1m }, participants: AcceptanceParticipants(null));
        }

        await demo.CompleteAsync(batched, "apply-for-overall-acceptance", "yaozhuang-zhengfu", cancellationToken);
        await demo.CompleteAsync(batched, "county-overall-acceptance", "jx-xian-bangongshi", cancellationToken,
            participants: AcceptanceParticipants("嘉善县土地综合整治工作领导小组办公室"));
        await demo.OpenBatchAsync(batched, cancellationToken);
        return 5;
    }

    /// <summary>Who took part in a demo acceptance: the organiser, the town, and a villagers' representative.</summary>
    private static List<Participant> AcceptanceParticipants(string? organiser) =>
    [
        .. organiser is null ? [] : new[] { new Participant("沈建华", "department", organiser) },
        new("陆国平", "town", "嘉善县姚庄镇人民政府"),
        new("顾雪芳", Participant.VillageRepresentative, "姚庄镇北鹤村"),
    ];

    private sealed class Driver(ApprovalsDbContext db, WorkflowRuntime runtime, DateTimeOffset now)
    {
        private int _minute;

        // Each step a minute after the last, so timelines read in order.
        private DateTimeOffset Next() => now.AddMinutes(-300 + _minute++);

        public async Task<(Guid ProjectId, Guid InstanceId)> RegisterAsync(string name, bool start, CancellationToken cancellationToken)
        {
            var at = Next();
            var project = new Project
            {
                Id = Guid.CreateVersion7(), Name = name, DefinitionId = "jiaxing", ProvinceCode = "330000", CityCode = "330400", CountyCode = "330421",
                TownCode = "330421102", ImplementingEntityId = "330421102/implementing-entity", Area = 2860m, Status = "draft",
                Facts = StateDocument.Write(new Facts(new Dictionary<string, decimal> { ["farmlandArea"] = 1850m, ["newFarmlandArea"] = 40m }, new Dictionary<string, bool>())),
                Materials = StateDocument.Write(new[] { "项目区范围图", "子项目清单", "资金整合方案" }),
                CreatedBy = "yaozhuang", CreatedAt = at, UpdatedAt = at, Version = 1, AuditHead = AuditChain.Genesis,
            };
            project.Villages.AddRange([
                new ProjectVillage { ProjectId = project.Id, Code = "330421102201", Name = "北鹤村", Electorate = 1236, Households = 452, Representatives = 41 },
                new ProjectVillage { ProjectId = project.Id, Code = "330421102202", Name = "桃源村", Electorate = 987, Households = 361, Representatives = 33 },
            ]);
            project.SubProjects.AddRange([
                new ProjectSubProject { ProjectId = project.Id, Key = "sp-farmland", Name = "高标准农田建设", DepartmentCode = "agriculture-rural", Plan = "concurrent" },
                new ProjectSubProject { ProjectId = project.Id, Key = "sp-river", Name = "农村河道综合整治", DepartmentCode = "water-resources", Plan = "in-progress" },
                new ProjectSubProject { ProjectId = project.Id, Key = "sp-road", Name = "农村公路提升改造", DepartmentCode = "transport", Plan = "concurrent" },
            ]);
            AuditTrail.Append(db, project, new Audited("yaozhuang", "project.registered", name, "演示数据", new Dictionary<string, string?>(), at));
            db.Projects.Add(project);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (!start)
            {
                return (project.Id, Guid.Empty);
            }

            var startedAt = Next();
            var instanceId = await runtime.StartAsync("jiaxing", ProjectMapping.Snapshot(project), "yaozhuang", startedAt, cancellationToken);
            var row = await db.Projects.FirstAsync(p => p.Id == project.Id, cancellationToken);
            row.Status = "started";
            row.InstanceId = instanceId;
            row.Version++;
            AuditTrail.Append(db, row, new Audited("yaozhuang", "project.started", name, "演示数据",
                new Dictionary<string, string?> { ["instance"] = instanceId.ToString() }, startedAt));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (project.Id, instanceId);
        }

        public async Task AdvanceToConsentAsync((Guid ProjectId, Guid InstanceId) project, CancellationToken cancellationToken)
        {
            await CompleteAsync(project, "select-sub-projects", "yaozhuang", cancellationToken);
            foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
            {
                await CompleteAsync(project, "confirm-sub-projects", clerk, cancellationToken);
            }

            await CompleteAsync(project, "establishment-approval", "jx-shi-ziranziyuan", cancellationToken);
            await CompleteAsync(project, "implementation-plan", "yaozhuang", cancellationToken);
        }

        public async Task AdvanceToSignOffsAsync((Guid ProjectId, Guid InstanceId) project, CancellationToken cancellationToken)
        {
            await AdvanceToConsentAsync(project, cancellationToken);
            foreach (var (village, committee, electorate) in new[] { ("330421102201", "beihe", 1236), ("330421102202", "taoyuan", 987) })
            {
                await CompleteAsync(project, "village-opinions", committee, cancellationToken);
                await ConsentAsync(project, village, committee, electorate, cancellationToken);
            }

            // The adjustment of contracted land the villages agreed to, approved by the township, then the county (农村土地承包法 第二十八条).
            await CompleteAsync(project, "town-land-adjustment-approval", "yaozhuang-zhengfu", cancellationToken);
            await CompleteAsync(project, "county-land-adjustment-approval", "jx-nongye", cancellationToken);

            foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
            {
                await CompleteAsync(project, "review-plan", clerk, cancellationToken);
            }

            await CompleteAsync(project, "construction", "yaozhuang", cancellationToken);
            await CompleteAsync(project, "apply-for-acceptance", "yaozhuang", cancellationToken);
        }

        /// <summary>Completes the open task of this step that the user's organisation holds.</summary>
        public async Task CompleteAsync((Guid ProjectId, Guid InstanceId) project, string stepId, string userName, CancellationToken cancellationToken,
            IReadOnlyDictionary<string, decimal>? figures = null, IReadOnlyList<Participant>? participants = null)
        {
            var organisation = await db.Users.AsNoTracking().Where(u => u.UserName == userName)
                .Join(db.Organisations.AsNoTracking(), u => u.OrganisationId, o => o.Id, (u, o) => o).FirstAsync(cancellationToken);
            var code = organisation.DepartmentCode ?? organisation.Kind;
            var jurisdiction = organisation.Kind == "implementing-entity" ? organisation.Id : organisation.Jurisdiction;
            var task = await db.Tasks.AsNoTracking()
                .FirstAsync(t => t.InstanceId == project.InstanceId && t.StepId == stepId && t.Status == TaskRowStatus.Open
                    && t.AssigneeCode == code && t.AssigneeJurisdiction == jurisdiction, cancellationToken);
            await runtime.ExecuteAsync(project.InstanceId, new CompleteTask(task.Id, Outcome.Approve, "同意", userName, Next(), figures, participants), cancellationToken);
        }

        private async Task ConsentAsync((Guid ProjectId, Guid InstanceId) project, string village, string committee, int electorate, CancellationToken cancellationToken)
        {
            var at = Next();
            var meetingDate = Approvals.Engine.Calendar.ChinaStandardTime.DateOf(at).AddDays(-3);
            var record = new Approvals.Engine.Consent.MeetingRecord("villagers-meeting", meetingDate, meetingDate.AddDays(-12), electorate,
                electorate * 9 / 10, electorate * 8 / 10, electorate / 20, electorate * 9 / 10 - electorate * 8 / 10 - electorate / 20);
            var verdict = Approvals.Engine.Consent.ConsentRules.Evaluate("land-contracting-two-thirds", record);
            await runtime.ExecuteAsync(project.InstanceId, new RecordConsent(village, verdict.Valid && verdict.Passed, verdict.Summary, committee, at), cancellationToken);
            db.ConsentMeetings.Add(new ConsentMeeting
            {
                Id = Guid.CreateVersion7(), ProjectId = project.ProjectId, VillageCode = village, Rule = "land-contracting-two-thirds", Body = record.Body,
                MeetingDate = record.MeetingDate, NoticeDate = record.NoticeDate, Electorate = record.Electorate, Attendance = record.Attendance,
                Yes = record.Yes, No = record.No, Abstain = record.Abstain, Valid = verdict.Valid, Passed = verdict.Passed, Summary = verdict.Summary,
                RecordedBy = committee, RecordedAt = at,
            });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        public async Task OpenBatchAsync((Guid ProjectId, Guid InstanceId) project, CancellationToken cancellationToken)
        {
            var at = Next();
            var batch = new Batch
            {
                Id = Guid.CreateVersion7(), Kind = "city-unified-acceptance", OfficeJurisdiction = "330400", Reference = BatchReference, Status = "open",
                OpenedBy = "jx-shi-bangongshi", OpenedAt = at, Version = 1, Members = [new BatchMember { InstanceId = project.InstanceId }],
            };
            db.Batches.Add(batch);
            var instance = await db.Instances.FirstAsync(i => i.Id == project.InstanceId, cancellationToken);
            AuditTrail.Append(db, instance, new Audited("jx-shi-bangongshi", "batch.opened", BatchReference, null,
                new Dictionary<string, string?> { ["batch"] = batch.Id.ToString(), ["kind"] = batch.Kind }, at));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
