using System.Security.Claims;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Server.Access;
using Approvals.Server.Public;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Projects;

/// <summary>
/// A document the process has issued or will issue (confirmation letters, opinions, consent resolutions): once issued,
/// its number and the id to fetch its PDF by. A consent resolution links the public page of the village's decision.
/// </summary>
public sealed record ProjectDocument(
    Guid Id, string Document, string DocumentName, string IssuerKind, string IssuerCode, string IssuerJurisdiction, string? Item, string? ItemName,
    string Status, DateTimeOffset RequestedAt, string? PublicDecision, Guid? IssuedDocumentId, string? Number, string? Sha256);

public static class ProjectDocumentsApi
{
    public static IEndpointRouteBuilder MapProjectDocumentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{projectId:guid}/documents", ListAsync).WithTags("Projects").RequireAuthorization()
            .WithName("ProjectDocuments")
            .WithSummary("The project's documents: every letter its process has requested (confirmation letters, opinions, consent resolutions), oldest first; a consent resolution links the village's public decision.");
        return app;
    }

    private static async Task<Results<Ok<List<ProjectDocument>>, NotFound, ForbidHttpResult>> ListAsync(
        Guid projectId, ClaimsPrincipal user, ProjectAccess access, ApprovalsDbContext db, EngineContext engine, CancellationToken cancellationToken)
    {
        var found = await access.ReadAsync(projectId, user, cancellationToken);
        if (found.Granted is not { Project: var project })
        {
            return found.Missing ? TypedResults.NotFound() : TypedResults.Forbid();
        }

        var letters = project.InstanceId is { } instanceId
            ? await db.LetterRequests.AsNoTracking().Where(l => l.InstanceId == instanceId).ToListAsync(cancellationToken)
            : [];

        var requestIds = letters.Select(l => l.Id).ToList();
        var issued = await db.IssuedDocuments.AsNoTracking().Where(d => requestIds.Contains(d.LetterRequestId))
            .Select(d => new { d.LetterRequestId, d.Id, d.Number, d.Sha256 }).ToDictionaryAsync(d => d.LetterRequestId, cancellationToken);

        // A village's resolution rests on its last passed vote recorded before the letter was asked for.
        var passed = await db.ConsentMeetings.AsNoTracking().Where(m => m.ProjectId == projectId && m.Valid && m.Passed)
            .Select(m => new { m.Id, m.VillageCode, m.RecordedAt }).ToListAsync(cancellationToken);
        return TypedResults.Ok(letters.OrderBy(l => l.RequestedAt).ThenBy(l => l.Id).Select(l => new ProjectDocument(
            l.Id, l.Document, engine.Catalogue.Documents.FirstOrDefault(d => d.Code == l.Document)?.Name ?? l.Document,
            l.IssuerKind, l.IssuerCode, l.IssuerJurisdiction, l.ItemKey, l.ItemName, l.Status, l.RequestedAt,
            l.Document == "consent-resolution"
                ? passed.Where(m => m.VillageCode == l.ItemKey && m.RecordedAt <= l.RequestedAt).OrderByDescending(m => m.RecordedAt)
                    .Select(m => $"{VillageAffairsPages.DecisionPath}/{m.Id}").FirstOrDefault()
                : null,
            issued.GetValueOrDefault(l.Id)?.Id, issued.GetValueOrDefault(l.Id)?.Number, issued.GetValueOrDefault(l.Id)?.Sha256.Trim())).ToList());
    }
}
