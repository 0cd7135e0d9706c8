using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Consent;
using Approvals.Persistence.Projects;
using Approvals.Runtime.Workflows;
using Approvals.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Consent;

/// <summary>
/// Keeps a village's judged vote (a meeting, or a closed written vote) and tells the process. A record that
/// corrects an earlier one supersedes it, with a reason, on the project's audit chain; once a passed vote has
/// moved the process on, a correction is accepted only if the vote still passes.
/// </summary>
public sealed class ConsentRecorder(ApprovalsDbContext db, WorkflowRuntime runtime, TimeProvider time)
{
    public DateTimeOffset Now { get; } = time.GetUtcNow();

    /// <summary>The rule the process names for this village's awaited vote, or null when the process awaits none.</summary>
    public async Task<(Guid InstanceId, string Rule)?> AwaitedAsync(Project project, string villageCode, CancellationToken cancellationToken) =>
        project.InstanceId is { } instanceId && await runtime.AwaitedConsentRuleAsync(instanceId, villageCode, cancellationToken) is { } rule
            ? (instanceId, rule)
            : null;

    /// <summary>The record a correction would supersede: this village's, and not already superseded.</summary>
    public async Task<ConsentMeeting?> CorrectableAsync(Guid projectId, string villageCode, Guid id, CancellationToken cancellationToken) =>
        await db.ConsentMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.ProjectId == projectId && m.VillageCode == villageCode
            && !db.ConsentMeetings.Any(later => later.SupersedesId == id), cancellationToken);

    /// <summary>
    /// Keeps <paramref name="meeting"/> (already judged) and, when the process awaits this village's vote, records the
    /// verdict with it. Answers null when done, or the refusal.
    /// </summary>
    public async Task<ProblemHttpResult?> KeepAsync(Project project, ConsentMeeting meeting, ConsentMeeting? superseded, Caller caller, CancellationToken cancellationToken)
    {
        var awaited = await AwaitedAsync(project, meeting.VillageCode, cancellationToken);
        if (awaited is { } vote)
        {
            try
            {
                await runtime.ExecuteAsync(vote.InstanceId, new RecordConsent(meeting.VillageCode, meeting.Valid && meeting.Passed, meeting.Summary, caller.Actor, Now), cancellationToken);
            }
            catch (EngineException ex)
            {
                return ApiProblems.FromEngine(ex, "body");
            }
            catch (ConcurrencyConflictException)
            {
                return ApiProblems.Conflict("流程同时有其他办理，请重试");
            }
        }
        else if (superseded is null)
        {
            return ApiProblems.Conflict("本村当前没有等待表决的事项");
        }
        else if (!(superseded.Valid && superseded.Passed && meeting.Valid && meeting.Passed))
        {
            // The passed vote has moved the process on; nothing here can take that back.
            return ApiProblems.Conflict("原表决已生效、流程已继续；更正后的表决记录仍须有效并通过，否则请联系县级领导小组办公室退回方案重新表决");
        }

        db.ConsentMeetings.Add(meeting);
        var row = await db.Projects.FirstAsync(p => p.Id == project.Id, cancellationToken);
        AuditTrail.Append(db, row, new Audited(caller.Actor, superseded is null ? "consent.record.added" : "consent.record.corrected",
            $"{meeting.VillageCode} {meeting.Body}", meeting.Reason, new Dictionary<string, string?>
            {
                ["record"] = meeting.Id.ToString(),
                ["village"] = meeting.VillageCode,
                ["rule"] = meeting.Rule,
                ["valid"] = meeting.Valid.ToString(),
                ["passed"] = meeting.Passed.ToString(),
                ["supersedes"] = meeting.SupersedesId?.ToString(),
                ["summary"] = meeting.Summary,
            }, Now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict("本村表决记录同时有其他登记，请刷新后重试");
        }

        db.ChangeTracker.Clear();
        return null;
    }
}
