using System.Text.Json;
using System.Text.Json.Serialization;
using Approvals.Engine.Runtime;

namespace Approvals.Persistence.Workflows;

/// <summary>The engine's state as stored: camelCase JSON with enums by name, so a person can read a row.</summary>
public static class StateDocument
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Chinese stays readable in the row; these documents are never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(InstanceState state) => JsonSerializer.Serialize(state, Options);

    public static InstanceState Read(string json) =>
        JsonSerializer.Deserialize<InstanceState>(json, Options) ?? throw new InvalidOperationException("Empty instance state.");

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException("Empty document.");
}
