using System.Text.Json;

namespace Approvals.Engine.Definitions;

/// <summary>
/// The codes definitions may use (workflows/catalogue.json): levels of government, departments, roles,
/// the collections a parallel can run over, project facts, consent rules, documents, batch kinds.
/// </summary>
public sealed record Catalogue(
    IReadOnlyList<CatalogueEntry> Levels,
    IReadOnlyList<CatalogueEntry> Departments,
    IReadOnlyList<CatalogueEntry> Roles,
    IReadOnlyList<CollectionEntry> Collections,
    IReadOnlyList<FactEntry> Facts,
    IReadOnlyList<ConsentRuleEntry> ConsentRules,
    IReadOnlyList<CatalogueEntry> Documents,
    IReadOnlyList<CatalogueEntry> BatchKinds)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true };

    public static Catalogue Parse(string json, string fileName)
    {
        try
        {
            var catalogue = JsonSerializer.Deserialize<Catalogue>(json, Json)
                ?? throw new DefinitionException([new(fileName, "$", "the catalogue is empty")]);
            var missing = new[]
                {
                    ("levels", (object?)catalogue.Levels), ("departments", catalogue.Departments), ("roles", catalogue.Roles),
                    ("collections", catalogue.Collections), ("facts", catalogue.Facts), ("consentRules", catalogue.ConsentRules),
                    ("documents", catalogue.Documents), ("batchKinds", catalogue.BatchKinds),
                }
                .Where(p => p.Item2 is null)
                .Select(p => new DefinitionError(fileName, "$." + p.Item1, "missing"))
                .ToList();
            return missing.Count == 0 ? catalogue : throw new DefinitionException(missing);
        }
        catch (JsonException ex)
        {
            throw new DefinitionException([new(fileName, ex.Path ?? "$", ex.Message)]);
        }
    }

    public CatalogueEntry? Department(string code) => Departments.FirstOrDefault(d => d.Code == code);

    public CollectionEntry? Collection(string code) => Collections.FirstOrDefault(c => c.Code == code);

    public FactEntry? Fact(string code) => Facts.FirstOrDefault(f => f.Code == code);
}

public sealed record CatalogueEntry(string Code, string Name);

/// <summary>What a forEach runs over; <see cref="Item"/> is department, village or subProject.</summary>
public sealed record CollectionEntry(string Code, string Name, string Item);

/// <summary>A project figure or flag that gates and branches read; <see cref="Type"/> is number or boolean.</summary>
/// <param name="Default">For a flag: what a project that does not declare it is taken to be, where a seed says so (consolidation
/// projects are government-invested unless declared otherwise). Without one, a flag a definition reads must be declared.</param>
public sealed record FactEntry(string Code, string Name, string Type, string? Unit = null, bool? Default = null);

public sealed record ConsentRuleEntry(string Code, string Name, string Citation);
