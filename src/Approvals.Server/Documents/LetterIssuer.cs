using System.Security.Cryptography;
using Approvals.Documents;
using Approvals.Engine.Calendar;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Documents;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Workers;
using Approvals.Server.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents;

/// <summary>
/// Issues the letters the engine's letter steps requested, off the request path: each request row (written in its
/// step's transaction) becomes one numbered PDF, stored with its SHA-256, in one transaction. A request already
/// issued, or taken by another node, is left alone: issuing is idempotent.
/// </summary>
public sealed class LetterIssuer(
    IServiceScopeFactory scopes, LetterService letters, DatabaseSettings database, IConfiguration configuration, TimeProvider time, ILogger<LetterIssuer> logger)
    : PollingWorker(time, logger)
{
    public static readonly TimeSpan RenderLimit = TimeSpan.FromSeconds(30);

    private const int Batch = 20;

    protected override TimeSpan Pause { get; } = TimeSpan.FromSeconds(configuration.GetValue("Approvals:Letters:PollSeconds", 1.0));

    protected override bool Enabled => letters.Renderer is not null && configuration.GetValue("Approvals:Letters:Enabled", true);

    protected override async Task<Pass> PassAsync(CancellationToken cancellationToken) =>
        await IssueDueAsync(cancellationToken) < Batch ? Pass.Idle : Pass.Busy;

    public async Task<int> IssueDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>().LetterRequests.AsNoTracking()
                .Where(l => l.Status == "requested").OrderBy(l => l.RequestedAt).Select(l => l.Id).Take(Batch).ToListAsync(cancellationToken);
        }

        var issued = 0;
        foreach (var id in due)
        {
            issued += await IssueAsync(id, cancellationToken) ? 1 : 0;
        }

        return issued;
    }

    private async Task<bool> IssueAsync(Guid requestId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        using var turn = await scope.ServiceProvider.GetRequiredService<WriteGate>().EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.PostgreSql
            && (await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM letter_requests WHERE id = {requestId} AND status = 'requested' FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken)).Count == 0)
        {
            return false;
        }

        var request = await db.LetterRequests.FirstAsync(l => l.Id == requestId, cancellationToken);
        if (request.Status != "requested")
        {
            return false;
        }

        if (!await db.IssuedDocuments.AnyAsync(d => d.LetterRequestId == requestId, cancellationToken))
        {
            var composed = await scope.ServiceProvider.GetRequiredService<LetterContents>().ComposeAsync(request, cancellationToken);
            var now = Time.GetUtcNow();
            var date = ChinaStandardTime.DateOf(now);
            var serial = await DocumentNumbers.NextAsync(db, composed.IssuerId, date.Year, cancellationToken);
            var number = DocumentNumbers.Format(composed.IssuerName, date.Year, serial);
            var id = Guid.CreateVersion7();
            var letter = new Letter(composed.IssuerName, number, composed.Title, composed.Addressee, composed.Body, composed.IssuerName, date,
                $"{letters.PublicUrl}/public/verify/{id}");

            // Rendering happens while this transaction holds the number (and, on SQLite, the writer's turn): it is given a
            // bounded time, so a renderer that never returns fails this letter instead of stopping every other write.
            var pdf = await Task.Run(() => letters.Renderer!.Render(letter), cancellationToken).WaitAsync(RenderLimit, cancellationToken);
            db.IssuedDocuments.Add(new IssuedDocument
            {
                Id = id, LetterRequestId = requestId, Document = request.Document, IssuerId = composed.IssuerId, Year = date.Year, Serial = serial, Number = number,
                Title = composed.Title, ProjectId = composed.ProjectId, InstanceId = request.InstanceId, ItemKey = request.ItemKey,
                Content = pdf, Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)), Size = pdf.Length, IssuedAt = now,
            });
            await AnnounceAsync(db, scope.ServiceProvider.GetRequiredService<DefinitionRegistry>(), request, id, number, composed.Title, now, cancellationToken);
        }

        request.Status = "issued";
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Tells the issuer that its letter exists (letter-issued), in the transaction that numbers it: the department's
    /// system can fetch the PDF and file its number without asking.
    /// </summary>
    private static async Task AnnounceAsync(ApprovalsDbContext db, DefinitionRegistry definitions, LetterRequest request, Guid documentId, string number, string title, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == request.InstanceId, cancellationToken);
        var step = StateDocument.Read(instance.State).Activities.FirstOrDefault(a => a.Id == request.ActivityId)?.StepId;
        var stepName = step is null ? null : (await definitions.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, cancellationToken)).Find(step)?.Name;
        ServiceMessages.Add(db, Guid.CreateVersion7(), MessageTypes.LetterIssued, new Party(request.IssuerKind, request.IssuerCode, request.IssuerJurisdiction),
            instance, now, (step, stepName, request.ItemName), null, new Dictionary<string, string?>
            {
                ["document"] = request.Document, ["documentId"] = documentId.ToString(), ["number"] = number, ["title"] = title,
                ["link"] = $"/api/documents/{documentId}/content",
            });
    }
}
