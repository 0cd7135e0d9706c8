using System.Security.Claims;
using Approvals.Engine.Consent;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Consent;
using Approvals.Persistence.Projects;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Consent;

/// <summary>A village's meeting on the project, as its committee records it (nullable members: missing ones are named).</summary>
/// <param name="CommitteeMembers">A representatives' meeting: how many of its members (electorate) are village committee members.</param>
/// <param name="RepresentativesYes">A representatives' meeting under a rule that counts 村民代表 only: how many yes votes were theirs.</param>
public sealed record ConsentMeetingInput(
    string? Body, DateOnly? MeetingDate, DateOnly? NoticeDate, int? Electorate, int? Attendance, int? Yes, int? No, int? Abstain,
    int? Households = null, int? HouseholdsRepresented = null, int? CommitteeMembers = null,
    Guid? MinutesAttachmentId = null, Guid? Supersedes = null, string? Reason = null, int? RepresentativesYes = null);

/// <param name="BodyName">Who decided, as the law names the body: 村民会议, 村民代表会议, 成员大会 ….</param>
public sealed record ConsentMeetingView(
    Guid Id, Guid ProjectId, string VillageCode, string Rule, string RuleName, string Citation, string Body, DateOnly MeetingDate, DateOnly? NoticeDate,
    int Electorate, int Attendance, int Yes, int No, int Abstain, bool Valid, bool Passed, string Summary,
    Guid? MinutesAttachmentId, Guid? Supersedes, string? Reason, string RecordedBy, DateTimeOffset RecordedAt,
    string BodyName, int? Households, int? HouseholdsRepresented, int? CommitteeMembers, int? RepresentativesYes);

/// <summary>
/// Villages record their consent votes; the service judges each under the legal rule the process names and
/// moves the process on only when the vote is valid and passed. A failed vote can be held again.
/// </summary>
public static class ConsentApi
{
    public static IEndpointRouteBuilder MapConsentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:guid}/villages/{villageCode}").WithTags("Consent").RequireAuthorization();

        group.MapPost("/consent-meetings", RecordAsync).RequireIdempotencyKey()
            .WithName("RecordConsentMeeting")
            .WithSummary("The village committee records its meeting on the project (body, dates, electorate, attendance, yes/no/abstain, minutes). " +
                "It is judged under the rule the process names: a valid, passed vote moves the process on; a failed one is kept and can be held again. 422 names each impossible figure.");

        group.MapGet("/consent-meetings", ListAsync)
            .WithName("ListConsentMeetings")
            .WithSummary("A village's recorded meetings on the project, newest first, with their legal evaluation.");
        return app;
    }

    private static readonly string[] MinutesTypes = ["application/pdf", "image/jpeg", "image/png"];

    private static async Task<Results<Created<ConsentMeetingView>, NotFound, ProblemHttpResult, ForbidHttpResult>> RecordAsync(
        Guid projectId, string villageCode, ConsentMeetingInput input, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, ConsentRecorder recorder,
        EngineContext engine, CancellationToken cancellationToken)
    {
        // Only the committee (or collective economic organisation) of a village of this project records its vote, and only its own.
        var found = await access.VillageAsync(projectId, villageCode, user, cancellationToken);
        if (found.Granted is not (var project, var village, var caller))
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Body), "body", "请选择会议类型（如 villagers-meeting、villager-representatives-meeting）");
        errors.Require(input.MeetingDate is not null, "meetingDate", "请填写会议日期");
        errors.Require(input.Electorate is not null, "electorate", "请填写应到人数");
        errors.Require(input.Attendance is not null, "attendance", "请填写到会人数");
        errors.Require(input.Yes is not null, "yes", "请填写同意票数");
        errors.Require(input.No is not null, "no", "请填写反对票数");
        errors.Require(input.Abstain is not null, "abstain", "请填写弃权票数");
        errors.Require(input.MinutesAttachmentId is not null, "minutesAttachmentId", "请先上传会议记录（照片或PDF）并在此注明");
        errors.Require(input.Supersedes is null || !string.IsNullOrWhiteSpace(input.Reason), "reason", "更正已登记的表决记录须说明理由");
        errors.Require(input.MeetingDate is null || input.MeetingDate <= Approvals.Engine.Calendar.ChinaStandardTime.DateOf(recorder.Now), "meetingDate", "会议日期不能晚于今天");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var minutes = await db.Attachments.AsNoTracking().Where(a => a.Id == input.MinutesAttachmentId && a.ProjectId == projectId)
            .Select(a => a.ContentType).FirstOrDefaultAsync(cancellationToken);
        errors.Require(minutes is not null, "minutesAttachmentId", "没有这个附件，或它不属于本项目");
        errors.Require(minutes is null || MinutesTypes.Contains(minutes), "minutesAttachmentId", "会议记录应为照片（JPEG、PNG）或PDF");

        ConsentMeeting? superseded = null;
        if (input.Supersedes is { } earlier && (superseded = await recorder.CorrectableAsync(projectId, villageCode, earlier, cancellationToken)) is null)
        {
            errors.Add("supersedes", "要更正的表决记录不存在、不属于本村本项目，或已被更正");
        }

        // The rule: the one the process names for the awaited vote, else (a correction) the one the corrected record was judged under.
        var rule = (await recorder.AwaitedAsync(project, villageCode, cancellationToken))?.Rule ?? superseded?.Rule;
        if (rule is null)
        {
            return errors.Any ? errors.ToProblem() : ApiProblems.Conflict("本村当前没有等待表决的事项");
        }

        var record = new MeetingRecord(input.Body!, input.MeetingDate!.Value, input.NoticeDate, input.Electorate!.Value, input.Attendance!.Value,
            input.Yes!.Value, input.No!.Value, input.Abstain!.Value, input.Households, input.HouseholdsRepresented, input.CommitteeMembers, input.RepresentativesYes);
        CheckAgainstRegister(record, village, errors);
        var verdict = ConsentRules.Evaluate(rule, record);
        foreach (var problem in verdict.Problems)
        {
            errors.Add(problem.Field, problem.Message);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var meeting = new ConsentMeeting
        {
            Id = Guid.CreateVersion7(), ProjectId = projectId, VillageCode = villageCode, Rule = rule, Body = input.Body!, MeetingDate = record.MeetingDate,
            NoticeDate = record.NoticeDate, Electorate = record.Electorate, Attendance = record.Attendance, Yes = record.Yes, No = record.No, Abstain = record.Abstain,
            Households = record.Households, HouseholdsRepresented = record.HouseholdsRepresented, CommitteeMembers = record.CommitteeMembers,
            RepresentativesYes = record.RepresentativesYes,
            MinutesAttachmentId = input.MinutesAttachmentId, Valid = verdict.Valid, Passed = verdict.Passed, Summary = verdict.Summary,
            SupersedesId = input.Supersedes, Reason = input.Reason?.Trim(), RecordedBy = caller.Actor, RecordedAt = recorder.Now,
        };
        if (await recorder.KeepAsync(project, meeting, superseded, caller, cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Created($"/api/projects/{projectId}/villages/{villageCode}/consent-meetings", View(meeting, engine.Catalogue));
    }

    /// <summary>
    /// A villagers' meeting counts the village's registered adults (and households); a representatives' meeting its
    /// registered members. Other bodies (a group, the collective's members) have no figure registered with the project.
    /// </summary>
    private static void CheckAgainstRegister(MeetingRecord record, ProjectVillage village, ApiProblems.Errors errors)
    {
        switch (record.Body)
        {
            case "villagers-meeting":
                errors.Require(record.Electorate == village.Electorate, "electorate", $"应到人数应为登记的年满十八周岁村民人数 {village.Electorate}");
                errors.Require(record.Households is null || record.Households == village.Households, "households", $"总户数应为登记的 {village.Households} 户");
                break;
            case "villager-representatives-meeting":
                // Its composition is part of its validity: representatives at least four fifths of its members (Art 25).
                errors.Require(record.CommitteeMembers is not null, "committeeMembers", "村民代表会议须填写组成人员中村民委员会成员的人数，以核对村民代表不少于五分之四");
                errors.Require(village.Representatives is not { } members || record.Electorate == members, "electorate",
                    $"应到人数应为登记的村民代表会议组成人员 {village.Representatives} 人");
                break;
        }
    }

    private static async Task<Results<Ok<List<ConsentMeetingView>>, NotFound, ForbidHttpResult>> ListAsync(
        Guid projectId, string villageCode, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, EngineContext engine, CancellationToken cancellationToken)
    {
        var found = await access.ReadAsync(projectId, user, cancellationToken);
        if (found.Granted is not { Project: var project })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        if (project.Villages.All(v => v.Code != villageCode))
        {
            return TypedResults.NotFound();
        }

        var meetings = await db.ConsentMeetings.AsNoTracking().Where(m => m.ProjectId == projectId && m.VillageCode == villageCode).ToListAsync(cancellationToken);
        return TypedResults.Ok(meetings.OrderByDescending(m => m.RecordedAt).Select(m => View(m, engine.Catalogue)).ToList());
    }

    internal static ConsentMeetingView View(ConsentMeeting m, Catalogue catalogue)
    {
        var rule = catalogue.ConsentRules.FirstOrDefault(r => r.Code == m.Rule);
        return new ConsentMeetingView(m.Id, m.ProjectId, m.VillageCode, m.Rule, rule?.Name ?? m.Rule, rule?.Citation ?? "", m.Body, m.MeetingDate, m.NoticeDate,
            m.Electorate, m.Attendance, m.Yes, m.No, m.Abstain, m.Valid, m.Passed, m.Summary, m.MinutesAttachmentId, m.SupersedesId, m.Reason, m.RecordedBy, m.RecordedAt,
            ConsentRules.BodyName(m.Rule, m.Body, m.MeetingDate), m.Households, m.HouseholdsRepresented, m.CommitteeMembers, m.RepresentativesYes);
    }
}
