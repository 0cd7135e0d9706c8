using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Approvals.Engine.Definitions;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Runtime.Definitions;

/// <summary>
/// Published definitions. Publishing stores each version's text once; the same id and version with other
/// text is refused, because running instances depend on it. Lookups parse a version once and keep it:
/// a published version never changes, so the cache can never be stale on any node.
/// </summary>
public sealed class DefinitionRegistry(DefinitionLoader loader)
{
    private readonly ConcurrentDictionary<(string Id, int Version), WorkflowDefinition> _parsed = new();

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ReplaceLineEndings("\n"))));

    /// <summary>Stores versions not yet published; returns the keys it added.</summary>
    /// <exception cref="DefinitionImmutableException">A published version's text differs from the one offered.</exception>
    public async Task<IReadOnlyList<string>> PublishAsync(ApprovalsDbContext db, IEnumerable<(WorkflowDefinition Definition, string Json)> definitions, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var offered = definitions.ToList();
        var ids = offered.Select(d => d.Definition.Id).Distinct().ToList();
        var published = await db.Definitions.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.Version, d.ContentSha256 })
            .ToListAsync(cancellationToken);

        var changed = new List<string>();
        var added = new List<string>();
        foreach (var (definition, json) in offered)
        {
            var hash = Sha256(json);
            var existing = published.FirstOrDefault(p => p.Id == definition.Id && p.Version == definition.Version);
            if (existing is not null)
            {
                if (existing.ContentSha256.Trim() != hash)
                {
                    changed.Add($"{definition.File}: {definition.Id} version {definition.Version} is published with other content; publish the change as version {definition.Version + 1}");
                }

                continue;
            }

            db.Definitions.Add(new PublishedDefinition
            {
                Id = definition.Id,
                Version = definition.Version,
                Name = definition.Name,
                Content = json,
                ContentSha256 = hash,
                PublishedAt = at,
            });
            added.Add(definition.Key);
        }

        if (changed.Count > 0)
        {
            db.ChangeTracker.Clear();
            throw new DefinitionImmutableException(changed);
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    public async Task<WorkflowDefinition> GetAsync(ApprovalsDbContext db, string id, int version, CancellationToken cancellationToken = default)
    {
        if (_parsed.TryGetValue((id, version), out var cached))
        {
            return cached;
        }

        var row = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.Version == version, cancellationToken)
            ?? throw new KeyNotFoundException($"Definition {id} version {version} is not published.");
        var result = loader.Load([new DefinitionSource($"{row.Id}.v{row.Version}.json", row.Content)]);
        if (!result.IsValid)
        {
            throw new InvalidOperationException($"Published definition {WorkflowDefinition.KeyOf(id, version)} no longer loads: {string.Join("; ", result.Errors)}");
        }

        return _parsed.GetOrAdd((id, version), result.Definitions[0]);
    }

    /// <summary>The newest published version: what a new instance starts on.</summary>
    public async Task<WorkflowDefinition> LatestAsync(ApprovalsDbContext db, string id, CancellationToken cancellationToken = default)
    {
        var version = await db.Definitions.AsNoTracking().Where(d => d.Id == id).MaxAsync(d => (int?)d.Version, cancellationToken)
            ?? throw new KeyNotFoundException($"No definition {id} is published.");
        return await GetAsync(db, id, version, cancellationToken);
    }
}
