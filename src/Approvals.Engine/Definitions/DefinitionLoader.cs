using System.Text.Json;
using NJsonSchema;

namespace Approvals.Engine.Definitions;

/// <summary>A definition file's name and text, as the caller read it.</summary>
public sealed record DefinitionSource(string File, string Json);

public sealed record DefinitionLoadResult(IReadOnlyList<WorkflowDefinition> Definitions, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Loads definitions: JSON, then the schema (workflows/schema/definition.schema.json, embedded), then the
/// semantic rules against the catalogue, then the set as a whole (one id + version per file). A file with
/// schema errors is not checked further: its semantic errors would only echo them.
/// </summary>
public sealed class DefinitionLoader
{
    private readonly Catalogue _catalogue;
    private readonly JsonSchema _schema;

    private DefinitionLoader(Catalogue catalogue, JsonSchema schema)
    {
        _catalogue = catalogue;
        _schema = schema;
    }

    public static async Task<DefinitionLoader> CreateAsync(Catalogue catalogue)
    {
        await using var stream = typeof(DefinitionLoader).Assembly.GetManifestResourceStream("definition.schema.json")
            ?? throw new InvalidOperationException("The definition schema is not embedded in the engine assembly.");
        using var reader = new StreamReader(stream);
        return new DefinitionLoader(catalogue, await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync()));
    }

    public DefinitionLoadResult Load(IEnumerable<DefinitionSource> sources)
    {
        var definitions = new List<WorkflowDefinition>();
        var errors = new List<DefinitionError>();
        foreach (var source in sources)
        {
            var (definition, fileErrors) = LoadOne(source);
            errors.AddRange(fileErrors);
            if (definition is not null && fileErrors.Count == 0)
            {
                definitions.Add(definition);
            }
        }

        foreach (var duplicate in definitions.GroupBy(d => d.Key).Where(g => g.Count() > 1))
        {
            foreach (var definition in duplicate.Skip(1))
            {
                errors.Add(new DefinitionError(definition.File, "$.version",
                    $"{definition.Id} version {definition.Version} is also defined in {duplicate.First().File}; a version is defined once"));
            }
        }

        return new DefinitionLoadResult(errors.Count == 0 ? definitions : [.. definitions.Where(d => errors.All(e => e.File != d.File))], errors);
    }

    private (WorkflowDefinition? Definition, IReadOnlyList<DefinitionError> Errors) LoadOne(DefinitionSource source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(source.Json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            return (null, [new DefinitionError(source.File, ex.Path ?? "$", $"not valid JSON (line {ex.LineNumber + 1}): {ex.Message}")]);
        }

        using (document)
        {
            var schemaErrors = SchemaErrors.Describe(source.File, _schema.Validate(source.Json), document.RootElement);
            if (schemaErrors.Count > 0)
            {
                return (null, schemaErrors);
            }

            var parser = new DefinitionParser(source.File);
            var definition = parser.Parse(document.RootElement);
            var errors = parser.Errors.Concat(new DefinitionValidator(_catalogue, definition).Validate()).ToList();
            var expectedName = $"{definition.Id}.v{definition.Version}.json";
            if (!Path.GetFileName(source.File).Equals(expectedName, StringComparison.Ordinal))
            {
                errors.Add(new DefinitionError(source.File, "$.id", $"the file of {definition.Id} version {definition.Version} is named {expectedName}"));
            }

            return (definition, errors);
        }
    }
}
