using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Approvals.Engine.Definitions;

/// <summary>
/// Turns NJsonSchema's validation errors into one plain message per problem. A step is a oneOf over the
/// activities, so a bad step fails every alternative; only the alternative whose activity matched is
/// worth reporting, and when none matched the activity itself is unknown.
/// </summary>
internal static class SchemaErrors
{
    public static IReadOnlyList<DefinitionError> Describe(string file, ICollection<ValidationError> errors, JsonElement document)
    {
        var described = new List<DefinitionError>();
        foreach (var error in errors)
        {
            Flatten(file, error, document, described);
        }

        return [.. described.Distinct()];
    }

    private static void Flatten(string file, ValidationError error, JsonElement document, List<DefinitionError> output)
    {
        if (error is not ChildSchemaValidationError child)
        {
            output.Add(new DefinitionError(file, JsonPath(error.Path), Message(error)));
            return;
        }

        if (error.Kind != ValidationErrorKind.NotOneOf)
        {
            foreach (var inner in child.Errors.Values.SelectMany(e => e))
            {
                Flatten(file, inner, document, output);
            }

            return;
        }

        var activityPath = error.Path + ".activity";
        var matched = child.Errors.Values
            .Where(alternative => !alternative.Any(e => e.Path == activityPath && e.Kind is ValidationErrorKind.NotInEnumeration or ValidationErrorKind.PropertyRequired))
            .ToList();
        if (matched.Count == 1)
        {
            foreach (var inner in matched[0])
            {
                Flatten(file, inner, document, output);
            }

            return;
        }

        var activity = Resolve(document, JsonPath(activityPath));
        output.Add(activity is { ValueKind: JsonValueKind.String } known
            ? new DefinitionError(file, JsonPath(activityPath), $"unknown activity '{known.GetString()}'; known: {string.Join(", ", Activities)}")
            : new DefinitionError(file, JsonPath(activityPath), $"required: every step names its activity ({string.Join(", ", Activities)})"));
    }

    private static readonly string[] Activities =
        ["sequence", "parallel", "review", "task", "filing", "consentVote", "signOff", "acceptance", "batch", "gate", "letter", "notify", "branch"];

    private static string Message(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => "required",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not a known property here; check the spelling",
        ValidationErrorKind.NotInEnumeration => $"not one of: {string.Join(", ", Enumeration(error.Schema))}",
        ValidationErrorKind.StringExpected => "a string is expected",
        ValidationErrorKind.IntegerExpected => "a whole number is expected",
        ValidationErrorKind.NumberExpected => "a number is expected",
        ValidationErrorKind.BooleanExpected => "true or false is expected",
        ValidationErrorKind.ArrayExpected => "a list is expected",
        ValidationErrorKind.ObjectExpected => "an object is expected",
        ValidationErrorKind.StringTooShort => "must not be empty",
        ValidationErrorKind.TooFewItems => $"needs at least {error.Schema?.MinItems} item(s)",
        ValidationErrorKind.TooFewProperties => "must not be empty",
        ValidationErrorKind.ItemsNotUnique => "lists an item twice",
        ValidationErrorKind.NumberTooSmall => $"must be at least {error.Schema?.Minimum}",
        ValidationErrorKind.PatternMismatch => error.Schema?.Description is { Length: > 0 } description
            ? $"does not match {error.Schema.Pattern} ({description})"
            : $"does not match {error.Schema?.Pattern}",
        _ => error.Kind.ToString(),
    };

    private static IEnumerable<string> Enumeration(JsonSchema? schema) =>
        schema?.ActualSchema.Enumeration.Select(v => v?.ToString() ?? "null") ?? [];

    /// <summary>NJsonSchema's <c>#/steps[0].timeLimit</c> as <c>$.steps[0].timeLimit</c>.</summary>
    internal static string JsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "#" ? "$" : "$." + path.TrimStart('#', '/');

    private static JsonElement? Resolve(JsonElement root, string path)
    {
        var current = root;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var indexes = new List<int>();
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = segment[..bracket];
                indexes.AddRange(segment[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }

            if (name.Length > 0 && (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)))
            {
                return null;
            }

            foreach (var index in indexes)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
        }

        return current;
    }
}
