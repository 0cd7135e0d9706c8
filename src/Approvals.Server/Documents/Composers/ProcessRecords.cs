using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Documents.Composers;

/// <summary>What composers read from the process's rows: organisations' names and the decisions tasks recorded.</summary>
public sealed class ProcessRecords(ApprovalsDbContext db, EngineContext engine)
{
    public EngineContext Engine => engine;

    public ApprovalsDbContext Db => db;

    public async Task<string?> NameAsync(string organisationId, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A party's organisation name; where none is registered, the place's name with the department's (宁夏回族自治区 + 人民政府).</summary>
    public async Task<string> PartyNameAsync(Party party, CancellationToken cancellationToken)
    {
        if (await NameAsync(Parties.OrganisationOf(party.Kind, party.Code, party.Jurisdiction), cancellationToken) is { } name)
        {
            return name;
        }

        var place = await NameAsync(party.Jurisdiction, cancellationToken) ?? "";
        return place + (engine.Catalogue.Department(party.Code)?.Name ?? engine.Catalogue.Roles.FirstOrDefault(r => r.Code == party.Code)?.Name ?? "");
    }

    /// <summary>The latest completed task of each of these steps (per item and assignee: a step run again after a return counts once), up to a moment.</summary>
    public async Task<List<TaskRecord>> DecisionsAsync(Guid instanceId, IReadOnlyCollection<string> stepIds, DateTimeOffset upTo, CancellationToken cancellationToken)
    {
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && stepIds.Contains(t.StepId) && t.Status == TaskRowStatus.Completed)
            .ToListAsync(cancellationToken);
        return [.. tasks.Where(t => t.ClosedAt <= upTo)
            .GroupBy(t => (t.StepId, t.ItemKey, t.AssigneeCode, t.AssigneeJurisdiction))
            .Select(g => g.OrderByDescending(t => t.ClosedAt).First())
            .OrderBy(t => t.ClosedAt)];
    }
}
