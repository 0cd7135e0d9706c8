using System.Security.Claims;
using Approvals.Engine.Calendar;
using Approvals.Engine.Consent;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Consent;
using Approvals.Server.Access;
using Approvals.Server.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Consent;

public sealed record OpenWrittenVoteInput(DateOnly? NoticeDate, int? Electorate);

public sealed record BallotInput(string? Member, string? Household, string? Choice, string? Proxy = null, string? ProxyHousehold = null);

public sealed record CloseWrittenVoteInput(DateOnly? ClosedOn);

/// <summary>One ballot, shown only to the village's own committee: member identifiers are personal data.</summary>
public sealed record BallotView(string Member, string Household, string Choice, string? Proxy, DateTimeOffset RecordedAt);

public sealed record WrittenVoteView(
    Guid Id, Guid ProjectId, string VillageCode, string Rule, string Basis, DateOnly? NoticeDate, int Electorate, string Status,
    int Cast, int Yes, int No, int Abstain, int ByProxy, Guid? MeetingId, IReadOnlyList<BallotView>? Ballots);

/// <summary>
/// 书面表决: where the rule allows it, the village committee opens a written vote, records the ballots one by
/// one (one per member; a same-household written proxy only where the rule allows), and closes it into a
/// judged record that moves the process like a meeting's.
/// </summary>
public static class WrittenVotesApi
{
    public static IEndpointRouteBuilder MapWrittenVotesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:guid}/villages/{villageCode}/written-votes").WithTags("Consent").RequireAuthorization();
        group.MapPost("", OpenAsync).RequireIdempotencyKey().WithName("OpenWrittenVote")
            .WithSummary("Open a written vote (书面表决) for the village's awaited consent, where its rule allows one: the notice date and how many may vote.");
        group.MapGet("/{voteId:guid}", GetAsync).WithName("GetWrittenVote")
            .WithSummary("A written vote's tallies; the ballots themselves only to the village's own committee.");
        group.MapPost("/{voteId:guid}/ballots", CastAsync).RequireIdempotencyKey().WithName("RecordBallot")
            .WithSummary("Record one ballot: member, household, yes/no/abstain, and a proxy of the same household only where the rule allows. A second ballot for a member is 422.");
        group.MapPost("/{voteId:guid}/close", CloseAsync).RequireIdempotencyKey().WithName("CloseWrittenVote")
            .WithSummary("Close the written vote: it is judged under the rule (two thirds of all who may vote …) and, if it passes, the process moves on.");
        return app;
    }

    private static async Task<Results<Created<WrittenVoteView>, NotFound, ProblemHttpResult, ForbidHttpResult>> OpenAsync(
        Guid projectId, string villageCode, OpenWrittenVoteInput input, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, ConsentRecorder recorder,
        CancellationToken cancellationToken)
    {
        var found = await access.VillageAsync(projectId, villageCode, user, cancellationToken);
        if (found.Granted is not { Project: var project, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var errors = new ApiProblems.Errors();
        errors.Require(input.Electorate is > 0, "electorate", "请填写有表决权的人数（或户数）");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await recorder.AwaitedAsync(project, villageCode, cancellationToken) is not { } awaited)
        {
            return ApiProblems.Conflict("本村当前没有等待表决的事项");
        }

        // The rule in force today: a written vote opened now is counted under it.
        var rule = ConsentRules.Find(awaited.Rule)?.At(ChinaStandardTime.DateOf(recorder.Now));
        if (rule is not { WrittenBallot: { } policy })
        {
            return ApiProblems.Field("body", $"“{rule?.Name ?? awaited.Rule}”须开会表决，不能书面表决");
        }

        // The electorate is the village's registered adults where the rule counts villagers; the collective's members are not registered here.
        var village = project.Villages.Single(v => v.Code == villageCode);
        if (policy.RegisteredVillagers)
        {
            var registered = policy.Basis == BallotBasis.Households ? village.Households : village.Electorate;
            errors.Require(input.Electorate == registered, "electorate", $"有表决权的人数应为登记的 {registered}");
        }

        if (await db.WrittenVotes.AnyAsync(v => v.ProjectId == projectId && v.VillageCode == villageCode && v.Status == "open", cancellationToken))
        {
            return ApiProblems.Conflict("本村已有一次进行中的书面表决");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var vote = new WrittenVoteRecord
        {
            Id = Guid.CreateVersion7(), ProjectId = projectId, VillageCode = villageCode, Rule = awaited.Rule, Basis = policy.Basis.ToString().ToLowerInvariant(),
            NoticeDate = input.NoticeDate, Electorate = input.Electorate!.Value, Status = "open", OpenedBy = caller.Actor, OpenedAt = recorder.Now, Version = 1,
        };
        db.WrittenVotes.Add(vote);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/projects/{projectId}/villages/{villageCode}/written-votes/{vote.Id}", await ViewAsync(db, vote, withBallots: true, cancellationToken));
    }

    private static async Task<Results<Ok<WrittenVoteView>, NotFound, ForbidHttpResult>> GetAsync(
        Guid projectId, string villageCode, Guid voteId, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        var found = await access.ReadAsync(projectId, user, cancellationToken);
        if (found.Granted is not { Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var vote = await db.WrittenVotes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == voteId && v.ProjectId == projectId && v.VillageCode == villageCode, cancellationToken);
        if (vote is null)
        {
            return TypedResults.NotFound();
        }

        var own = ProjectAccess.IsVillageBody(caller) && caller.Jurisdiction == villageCode;
        return TypedResults.Ok(await ViewAsync(db, vote, withBallots: own, cancellationToken));
    }

    private static async Task<Results<Created<WrittenVoteView>, NotFound, ProblemHttpResult, ForbidHttpResult>> CastAsync(
        Guid projectId, string villageCode, Guid voteId, BallotInput input, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var found = await access.VillageAsync(projectId, villageCode, user, cancellationToken);
        if (found.Granted is not { Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var vote = await db.WrittenVotes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == voteId && v.ProjectId == projectId && v.VillageCode == villageCode, cancellationToken);
        if (vote is null)
        {
            return TypedResults.NotFound();
        }

        if (vote.Status != "open")
        {
            return ApiProblems.Conflict("书面表决已结束", await ViewAsync(db, vote, withBallots: true, cancellationToken));
        }

        var errors = new ApiProblems.Errors();
        errors.Require(Choice(input.Choice) is not null, "choice", "表决意见为 yes（同意）、no（反对）或 abstain（弃权）");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var ballot = new Ballot(input.Member ?? "", input.Household ?? "", Choice(input.Choice)!.Value, input.Proxy, input.ProxyHousehold);
        foreach (var problem in ConsentRules.CheckBallot(vote.Rule, ballot, await CastBallotsAsync(db, voteId, cancellationToken),
            ChinaStandardTime.DateOf(time.GetUtcNow())))
        {
            errors.Add(problem.Field, problem.Message);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        db.WrittenBallots.Add(new WrittenBallot
        {
            Id = Guid.CreateVersion7(), VoteId = voteId, Member = ballot.Member.Trim(), Household = ballot.Household.Trim(), Choice = input.Choice!.Trim().ToLowerInvariant(),
            Proxy = string.IsNullOrWhiteSpace(ballot.Proxy) ? null : ballot.Proxy.Trim(),
            ProxyHousehold = string.IsNullOrWhiteSpace(ballot.ProxyHousehold) ? null : ballot.ProxyHousehold.Trim(),
            RecordedBy = caller.Actor, RecordedAt = time.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (vote, member) index: the same member's ballot was recorded at the same moment.
            return ApiProblems.Field("member", "该成员已投票，不能重复投票");
        }

        return TypedResults.Created($"/api/projects/{projectId}/villages/{villageCode}/written-votes/{voteId}", await ViewAsync(db, vote, withBallots: true, cancellationToken));
    }

    private static async Task<Results<Created<ConsentMeetingView>, NotFound, ProblemHttpResult, ForbidHttpResult>> CloseAsync(
        Guid projectId, string villageCode, Guid voteId, CloseWrittenVoteInput input, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, ConsentRecorder recorder,
        EngineContext engine, CancellationToken cancellationToken)
    {
        var found = await access.VillageAsync(projectId, villageCode, user, cancellationToken);
        if (found.Granted is not { Project: var project, Caller: var caller })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var vote = await db.WrittenVotes.FirstOrDefaultAsync(v => v.Id == voteId && v.ProjectId == projectId && v.VillageCode == villageCode, cancellationToken);
        if (vote is null)
        {
            return TypedResults.NotFound();
        }

        if (vote.Status != "open")
        {
            return ApiProblems.Conflict("书面表决已结束", await ViewAsync(db, vote, withBallots: true, cancellationToken));
        }

        var closedOn = input.ClosedOn ?? ChinaStandardTime.DateOf(recorder.Now);
        var ballots = await CastBallotsAsync(db, voteId, cancellationToken);
        var written = new Approvals.Engine.Consent.WrittenVote(Enum.Parse<BallotBasis>(vote.Basis, ignoreCase: true), vote.NoticeDate, closedOn, vote.Electorate, ballots);
        var verdict = ConsentRules.EvaluateWrittenVote(vote.Rule, written);
        if (verdict.Problems.Count > 0)
        {
            return ApiProblems.Invalid(verdict.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        }

        var meeting = new ConsentMeeting
        {
            Id = Guid.CreateVersion7(), ProjectId = projectId, VillageCode = villageCode, Rule = vote.Rule, Body = ConsentRules.WrittenBallotBody, MeetingDate = closedOn,
            NoticeDate = vote.NoticeDate, Electorate = vote.Electorate, Attendance = ballots.Count,
            Yes = ballots.Count(b => b.Choice == BallotChoice.Yes), No = ballots.Count(b => b.Choice == BallotChoice.No), Abstain = ballots.Count(b => b.Choice == BallotChoice.Abstain),
            Valid = verdict.Valid, Passed = verdict.Passed, Summary = verdict.Summary, RecordedBy = caller.Actor, RecordedAt = recorder.Now,
        };
        vote.Status = "closed";
        vote.ClosedBy = caller.Actor;
        vote.ClosedAt = recorder.Now;
        vote.MeetingId = meeting.Id;
        vote.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("书面表决同时被他人结束");
        }

        db.ChangeTracker.Clear();
        if (await recorder.KeepAsync(project, meeting, superseded: null, caller, cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Created($"/api/projects/{projectId}/villages/{villageCode}/consent-meetings", ConsentApi.View(meeting, engine.Catalogue));
    }

    private static BallotChoice? Choice(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "yes" => BallotChoice.Yes,
        "no" => BallotChoice.No,
        "abstain" => BallotChoice.Abstain,
        _ => null,
    };

    private static async Task<List<Ballot>> CastBallotsAsync(ApprovalsDbContext db, Guid voteId, CancellationToken cancellationToken) =>
        [.. (await db.WrittenBallots.AsNoTracking().Where(b => b.VoteId == voteId).OrderBy(b => b.RecordedAt).ToListAsync(cancellationToken))
            .Select(b => new Ballot(b.Member, b.Household, Choice(b.Choice)!.Value, b.Proxy, b.ProxyHousehold))];

    private static async Task<WrittenVoteView> ViewAsync(ApprovalsDbContext db, WrittenVoteRecord vote, bool withBallots, CancellationToken cancellationToken)
    {
        var ballots = await db.WrittenBallots.AsNoTracking().Where(b => b.VoteId == vote.Id).OrderBy(b => b.RecordedAt).ToListAsync(cancellationToken);
        return new WrittenVoteView(vote.Id, vote.ProjectId, vote.VillageCode, vote.Rule, vote.Basis, vote.NoticeDate, vote.Electorate, vote.Status,
            ballots.Count, ballots.Count(b => b.Choice == "yes"), ballots.Count(b => b.Choice == "no"), ballots.Count(b => b.Choice == "abstain"),
            ballots.Count(b => b.Proxy is not null), vote.MeetingId,
            withBallots ? [.. ballots.Select(b => new BallotView(b.Member, b.Household, b.Choice, b.Proxy, b.RecordedAt))] : null);
    }
}
