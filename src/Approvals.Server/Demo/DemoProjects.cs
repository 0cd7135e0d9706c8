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

        // Ningxia, accepted as a whole: its 批复, site-survey opinion and farmland notice are issued too, so every kind of letter has a sample.
        var ningxia = await demo.RegisterAsync(Driver.Ningxia("贺兰县常信乡全域土地综合整治项目", demo.Next()), start: true, cancellationToken);
        await demo.AdvanceNingxiaAsync(ningxia, cancellationToken);

        // Ningbo, at its area stage: the city's 并联会审 accepted one department's review with a material to come (容缺受理),
        // so the combined opinion is the city's and the 项目建议书 批复 names the material still due.
        var ningbo = await demo.RegisterAsync(Driver.Ningbo("余姚市泗门镇全域国土空间综合整治项目", demo.Next()), start: true, cancellationToken);
        await demo.AdvanceNingboAreaStageAsync(ningbo, cancellationToken);
        return 7;
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
        public DateTimeOffset Next() => now.AddMinutes(-300 + _minute++);

        public Task<(Guid ProjectId, Guid InstanceId)> RegisterAsync(string name, bool start, CancellationToken cancellationToken) =>
            RegisterAsync(Jiaxing(name, Next()), start, cancellationToken);

        private static Project Jiaxing(string name, DateTimeOffset at)
        {
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
            return project;
        }

        /// <summary>A Ningxia project that adjusts permanent farmland inside the urban development boundary and moves surplus quota across counties.</summary>
        public static Project Ningxia(string name, DateTimeOffset at)
        {
            var project = new Project
            {
                Id = Guid.CreateVersion7(), Name = name, DefinitionId = "ningxia", ProvinceCode = "640000", CityCode = "640100", CountyCode = "640122",
                TownCode = "640122201", ImplementingEntityId = "640122201/implementing-entity", Area = 8650m, Status = "draft",
                Facts = StateDocument.Write(new Facts(
                    new Dictionary<string, decimal>
                    {
                        ["farmlandArea"] = 5200m, ["newFarmlandArea"] = 180m, ["permanentFarmlandArea"] = 3200m, ["townPermanentFarmlandArea"] = 12600m,
                        ["permanentFarmlandAdjusted"] = 40m, ["permanentFarmlandAdded"] = 42m, ["constructionLandReclaimed"] = 36m,
                    },
                    new Dictionary<string, bool>
                    {
                        ["involvesDemolition"] = false, ["crossCountyQuotaTransfer"] = true, ["adjustsFarmlandInDevelopmentBoundary"] = true,
                        ["optimisesThreeZonesThreeLines"] = false,
                    })),
                Materials = StateDocument.Write(new[] { "项目区范围图", "实施方案", "永久基本农田调整补划方案" }),
                CreatedBy = "nx-changxin", CreatedAt = at, UpdatedAt = at, Version = 1, AuditHead = AuditChain.Genesis,
            };
            project.Villages.AddRange([
                new ProjectVillage { ProjectId = project.Id, Code = "640122201201", Name = "四十里店村", Electorate = 1580, Households = 512, Representatives = 45 },
                new ProjectVillage { ProjectId = project.Id, Code = "640122201202", Name = "丰登村", Electorate = 1142, Households = 398, Representatives = 36 },
            ]);
            project.SubProjects.AddRange([
                new ProjectSubProject { ProjectId = project.Id, Key = "sp-farmland", Name = "高标准农田建设", DepartmentCode = "agriculture-rural", Plan = "concurrent" },
                new ProjectSubProject { ProjectId = project.Id, Key = "sp-water", Name = "高效节水灌溉", DepartmentCode = "water-resources", Plan = "concurrent" },
            ]);
            return project;
        }

        /// <summary>A Ningbo project: figures within its three thresholds (3 %, 5 %, 5 %).</summary>
        public static Project Ningbo(string name, DateTimeOffset at)
        {
            var project = new Project
            {
                Id = Guid.CreateVersion7(), Name = name, DefinitionId = "ningbo", ProvinceCode = "330000", CityCode = "330200", CountyCode = "330281",
                TownCode = "330281106", ImplementingEntityId = "330281106/implementing-entity", Area = 6320m, Status = "draft",
                Facts = StateDocument.Write(new Facts(
                    new Dictionary<string, decimal>
                    {
                        ["farmlandArea"] = 3150m, ["newFarmlandArea"] = 168m, ["permanentFarmlandArea"] = 2480m, ["townPermanentFarmlandArea"] = 9800m,
                        ["permanentFarmlandAdjusted"] = 60m, ["permanentFarmlandAdded"] = 12m,
                    },
                    new Dictionary<string, bool> { ["adjustsUrbanDevelopmentBoundary"] = false, ["involvesDemolition"] = false })),
                Materials = StateDocument.Write(new[] { "片区策划", "项目建议书", "片区投融资方案" }),
                CreatedBy = "nb-simen", CreatedAt = at, UpdatedAt = at, Version = 1, AuditHead = AuditChain.Genesis,
            };
            project.Villages.Add(new ProjectVillage { ProjectId = project.Id, Code = "330281106201", Name = "谢家路村", Electorate = 2210, Households = 806, Representatives = 58 });
            project.SubProjects.AddRange([
                new ProjectSubProject { ProjectId = project.Id, Key = "sp-farmland", Name = "永久基本农田集中连片整治", DepartmentCode = "agriculture-rural", Plan = "concurrent" },
                new ProjectSubProject { ProjectId = project.Id, Key = "sp-river", Name = "河道综合治理", DepartmentCode = "water-resources", Plan = "concurrent" },
            ]);
            return project;
        }

        public async Task<(Guid ProjectId, Guid InstanceId)> RegisterAsync(Project project, bool start, CancellationToken cancellationToken)
        {
            var (name, applicant, at) = (project.Name, project.CreatedBy, project.CreatedAt);
            AuditTrail.Append(db, project, new Audited(applicant, "project.registered", name, "演示数据", new Dictionary<string, string?>(), at));
            db.Projects.Add(project);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (!start)
            {
                return (project.Id, Guid.Empty);
            }

            var startedAt = Next();
            var instanceId = await runtime.StartAsync(project.DefinitionId, ProjectMapping.Snapshot(project), applicant, startedAt, cancellationToken);
            var row = await db.Projects.FirstAsync(p => p.Id == project.Id, cancellationToken);
            row.Status = "started";
            row.InstanceId = instanceId;
            row.Version++;
            AuditTrail.Append(db, row, new Audited(applicant, "project.started", name, "演示数据",
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
                await ConsentAsync(project, village, committee, electorate, "land-contracting-two-thirds", cancellationToken);
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

        /// <summary>Drives a Ningbo project through its area stage: the joint review (one material deferred), the combined opinion, both approvals.</summary>
        public async Task AdvanceNingboAreaStageAsync((Guid ProjectId, Guid InstanceId) project, CancellationToken cancellationToken)
        {
            await CompleteAsync(project, "register-potential-project", "nb-ziranziyuan", cancellationToken);
            await CompleteAsync(project, "draft-area-plan-and-proposal", "nb-zhengfu", cancellationToken);
            await CompleteAsync(project, "area-early-guidance", "nb-shi-nongye", cancellationToken);
            await CompleteAsync(project, "area-early-guidance", "nb-shi-shuili", cancellationToken);
            await CompleteAsync(project, "submit-area-plan-and-proposal", "nb-zhengfu", cancellationToken);
            await CompleteAsync(project, "review-area-plan-and-proposal", "nb-shi-nongye", cancellationToken, opinion: "同意永久基本农田集中连片整治安排");
            await AcceptWithDeferralAsync(project, "review-area-plan-and-proposal", "nb-shi-shuili", ["片区投融资方案"], cancellationToken);
            await CompleteAsync(project, "review-area-plan-and-proposal", "nb-shi-shuili", cancellationToken, opinion: "同意河道综合治理安排，片区投融资方案容缺后补");
            await CompleteAsync(project, "approve-project-proposal", "nb-shi-fagai", cancellationToken, opinion: "同意项目建议书，请据此编制可行性研究报告");
            await CompleteAsync(project, "approve-area-plan", "nb-shi-lingdaoxiaozu", cancellationToken, opinion: "同意片区策划");

            // The 批复 waits for the deferred material (容缺 holds the decision); once the town supplies it, the 批复 is issued.
            var review = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == project.InstanceId && t.StepId == "review-area-plan-and-proposal" && t.AssigneeCode == "water-resources")
                .OrderByDescending(t => t.OpenedAt).Select(t => t.Id).FirstAsync(cancellationToken);
            await runtime.ExecuteAsync(project.InstanceId, new SupplementMaterial(review, "片区投融资方案", "nb-simen", Next()), cancellationToken);
        }

        /// <summary>Drives a Ningxia project from planning to the overall acceptance, each step by the body the definition names; new farmland measured on site.</summary>
        public async Task AdvanceNingxiaAsync((Guid ProjectId, Guid InstanceId) project, CancellationToken cancellationToken)
        {
            await CompleteAsync(project, "county-overall-planning", "nx-zhengfu", cancellationToken);
            await CompleteAsync(project, "cadastral-survey", "nx-ziranziyuan", cancellationToken);
            await CompleteAsync(project, "propose-sub-projects", "nx-nongye", cancellationToken);
            await CompleteAsync(project, "propose-sub-projects", "nx-shuiwu", cancellationToken);
            await CompleteAsync(project, "draft-plan", "nx-ziranziyuan", cancellationToken);
            foreach (var (village, committee, electorate) in new[] { ("640122201201", "nx-silidian", 1580), ("640122201202", "nx-fengdeng", 1142) })
            {
                await CompleteAsync(project, "publicise-plan-in-village", committee, cancellationToken);
                await CompleteAsync(project, "village-opinions", committee, cancellationToken);
                await ConsentAsync(project, village, committee, electorate, "collective-or-committee-consent", cancellationToken);
            }

            await CompleteAsync(project, "town-land-adjustment-approval", "nx-changxin-zhengfu", cancellationToken);
            await CompleteAsync(project, "county-land-adjustment-approval", "nx-nongye", cancellationToken);
            await CompleteAsync(project, "county-submission", "nx-zhengfu", cancellationToken, opinion: "同意上报");
            await CompleteAsync(project, "city-review", "nx-shi-ziranziyuan", cancellationToken, opinion: "经审核，同意转报自治区自然资源厅");
            await CompleteAsync(project, "site-survey", "nx-ziranziyuanting", cancellationToken,
                opinion: "调出的40亩永久基本农田位于常信乡集镇开发边界内，已建成区包围、耕作条件差；补划地块集中连片、质量不低于调出地块，调整必要、合理");
            await CompleteAsync(project, "region-technical-review", "nx-ziranziyuanting", cancellationToken, opinion: "方案符合国土空间规划，整治目标和任务明确");
            await CompleteAsync(project, "region-department-opinion", "nx-nongye-ting", cancellationToken, opinion: "同意高标准农田建设子项目安排");
            await CompleteAsync(project, "region-department-opinion", "nx-shuili-ting", cancellationToken, opinion: "同意高效节水灌溉子项目安排");
            await CompleteAsync(project, "region-approval", "nx-ziranziyuanting", cancellationToken, opinion: "同意实施方案");
            await CompleteAsync(project, "cross-county-quota-approval", "nx-zhengfu-zizhiqu", cancellationToken, opinion: "同意节余指标36亩在自治区内跨县域流转");
            await CompleteAsync(project, "file-farmland-adjustment", "mnr-ziranziyuan", cancellationToken, opinion: "无异议");
            await CompleteAsync(project, "project-tendering", "nx-changxin", cancellationToken);
            await CompleteAsync(project, "construction", "nx-changxin", cancellationToken);
            await CompleteAsync(project, "nominate-acceptance-representatives", "nx-silidian", cancellationToken);
            await CompleteAsync(project, "nominate-acceptance-representatives", "nx-fengdeng", cancellationToken);
            var surveyed = new Measurement(Measurement.OnSite, "贺兰县自然资源调查测绘队 王永福");
            List<Participant> participants(string organiser) =>
            [
                new("马建国", "department", organiser), new("杨丽", "town", "常信乡人民政府"), new("丁德成", Participant.VillageRepresentative, "常信乡四十里店村"),
            ];
            await CompleteAsync(project, "sub-project-sign-off", "nx-nongye", cancellationToken,
                figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 121.4m }, participants: participants("贺兰县农业农村局"), opinion: "高标准农田按设计建成，新增耕地经实测", measurement: surveyed);
            await CompleteAsync(project, "sub-project-sign-off", "nx-shuiwu", cancellationToken,
                figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 57.2m }, participants: participants("贺兰县水务局"), opinion: "滴灌管网按设计建成，试运行正常", measurement: surveyed);
            await CompleteAsync(project, "region-farmland-sub-project-acceptance", "nx-ziranziyuanting", cancellationToken,
                figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 178.6m, ["permanentFarmlandAdded"] = 41.5m }, participants: participants("宁夏回族自治区自然资源厅"),
                opinion: "补划永久基本农田经实地测量，位置、面积与调整补划方案一致", measurement: new Measurement(Measurement.OnSite, "宁夏回族自治区国土资源调查监测院 李海"));
            await CompleteAsync(project, "report-farmland-database", "nx-ziranziyuanting", cancellationToken);
            await CompleteAsync(project, "county-self-inspection", "nx-ziranziyuan", cancellationToken,
                figures: new Dictionary<string, decimal> { ["newFarmlandArea"] = 178.6m }, measurement: surveyed);
            await CompleteAsync(project, "overall-acceptance", "nx-ziranziyuanting", cancellationToken,
                participants: participants("宁夏回族自治区自然资源厅"), opinion: "项目完成实施方案确定的整治任务，新增耕地经实测，同意通过整体验收");
        }

        /// <summary>Completes the open task of this step that the user's organisation holds.</summary>
        public async Task CompleteAsync((Guid ProjectId, Guid InstanceId) project, string stepId, string userName, CancellationToken cancellationToken,
            IReadOnlyDictionary<string, decimal>? figures = null, IReadOnlyList<Participant>? participants = null, string opinion = "同意", Measurement? measurement = null)
        {
            var task = await OpenTaskAsync(project, stepId, userName, cancellationToken);
            await runtime.ExecuteAsync(project.InstanceId, new CompleteTask(task, Outcome.Approve, opinion, userName, Next(), figures, participants, Measurement: measurement), cancellationToken);
        }

        /// <summary>Accepts the open review of this step with materials to come later (容缺受理).</summary>
        public async Task AcceptWithDeferralAsync((Guid ProjectId, Guid InstanceId) project, string stepId, string userName, IReadOnlyList<string> materials, CancellationToken cancellationToken)
        {
            var task = await OpenTaskAsync(project, stepId, userName, cancellationToken);
            await runtime.ExecuteAsync(project.InstanceId, new AcceptWithDeferral(task, materials, userName, Next()), cancellationToken);
        }

        private async Task<Guid> OpenTaskAsync((Guid ProjectId, Guid InstanceId) project, string stepId, string userName, CancellationToken cancellationToken)
        {
            var organisation = await db.Users.AsNoTracking().Where(u => u.UserName == userName)
                .Join(db.Organisations.AsNoTracking(), u => u.OrganisationId, o => o.Id, (u, o) => o).FirstAsync(cancellationToken);
            var code = organisation.DepartmentCode ?? organisation.Kind;
            var jurisdiction = organisation.Kind == "implementing-entity" ? organisation.Id : organisation.Jurisdiction;
            return await db.Tasks.AsNoTracking()
                .Where(t => t.InstanceId == project.InstanceId && t.StepId == stepId && t.Status == TaskRowStatus.Open
                    && t.AssigneeCode == code && t.AssigneeJurisdiction == jurisdiction).Select(t => t.Id).FirstAsync(cancellationToken);
        }

        public async Task ConsentAsync((Guid ProjectId, Guid InstanceId) project, string village, string committee, int electorate, string rule, CancellationToken cancellationToken)
        {
            var at = Next();
            var meetingDate = Approvals.Engine.Calendar.ChinaStandardTime.DateOf(at).AddDays(-3);
            var record = new Approvals.Engine.Consent.MeetingRecord("villagers-meeting", meetingDate, meetingDate.AddDays(-12), electorate,
                electorate * 9 / 10, electorate * 8 / 10, electorate / 20, electorate * 9 / 10 - electorate * 8 / 10 - electorate / 20);
            var verdict = Approvals.Engine.Consent.ConsentRules.Evaluate(rule, record);
            await runtime.ExecuteAsync(project.InstanceId, new RecordConsent(village, verdict.Valid && verdict.Passed, verdict.Summary, committee, at), cancellationToken);
            db.ConsentMeetings.Add(new ConsentMeeting
            {
                Id = Guid.CreateVersion7(), ProjectId = project.ProjectId, VillageCode = village, Rule = rule, Body = record.Body,
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
