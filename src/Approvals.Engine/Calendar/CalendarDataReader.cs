using System.Text.Json;

namespace Approvals.Engine.Calendar;

/// <summary>
/// Turns calendar JSON into <see cref="CalendarData"/>, rejecting wrong shapes. Walked by hand rather than
/// deserialized so that every error names the exact JSON path of the offending value.
/// </summary>
internal sealed class CalendarDataReader
{
    private static readonly string[] FileProperties = ["name", "years"];
    private static readonly string[] YearProperties = ["year", "source", "holidays", "workingWeekends"];
    private static readonly string[] HolidayProperties = ["name", "from", "to"];

    private readonly string _fileName;

    private CalendarDataReader(string fileName) => _fileName = fileName;

    public static CalendarData Read(string json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CalendarDataException(fileName, "$", $"is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {Reason(e)}");
        }

        using (document)
        {
            return new CalendarDataReader(fileName).File(document.RootElement);
        }
    }

    // System.Text.Json appends its 0-based position to the message; the caller gets it 1-based instead.
    private static string Reason(JsonException e)
    {
        var end = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return end < 0 ? e.Message : e.Message[..end];
    }

    private CalendarData File(JsonElement root)
    {
        var properties = Properties(root, "$", FileProperties);
        var name = String(Required(properties, "$", "name"), "$.name");
        var years = Array(Required(properties, "$", "years"), "$.years", Year);
        return new CalendarData(name, years);
    }

    private CalendarYear Year(JsonElement element, string path)
    {
        var properties = Properties(element, path, YearProperties);
        var yearElement = Required(properties, path, "year");
        if (yearElement.ValueKind != JsonValueKind.Number || !yearElement.TryGetInt32(out var year))
        {
            throw Fail($"{path}.year", $"{yearElement.GetRawText()} is not a whole number");
        }

        return new CalendarYear(
            year,
            String(Required(properties, path, "source"), $"{path}.source"),
            Array(Required(properties, path, "holidays"), $"{path}.holidays", Holiday),
            Array(Required(properties, path, "workingWeekends"), $"{path}.workingWeekends", Date));
    }

    private HolidayRange Holiday(JsonElement element, string path)
    {
        var properties = Properties(element, path, HolidayProperties);
        return new HolidayRange(
            String(Required(properties, path, "name"), $"{path}.name"),
            Date(Required(properties, path, "from"), $"{path}.from"),
            Date(Required(properties, path, "to"), $"{path}.to"));
    }

    private DateOnly Date(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Fail(path, $"{element.GetRawText()} is not a date string (yyyy-MM-dd)");
        }

        var text = element.GetString()!;
        return IsoDate.TryParse(text, out var date) ? date : throw Fail(path, $"{text} is not a date (yyyy-MM-dd)");
    }

    private string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw Fail(path, $"{element.GetRawText()} is not a string");

    private List<T> Array<T>(JsonElement element, string path, Func<JsonElement, string, T> item)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Fail(path, $"must be an array, not {Kind(element)}");
        }

        var items = new List<T>(element.GetArrayLength());
        var index = 0;
        foreach (var child in element.EnumerateArray())
        {
            items.Add(item(child, $"{path}[{index++}]"));
        }

        return items;
    }

    // Unknown names are errors, so a misspelt "holiday" cannot silently drop a year's holidays; names starting
    // with "$" ("$comment") are notes for people and are ignored.
    private Dictionary<string, JsonElement> Properties(JsonElement element, string path, string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path, $"must be an object, not {Kind(element)}");
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.StartsWith('$'))
            {
                continue;
            }

            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Fail($"{path}.{property.Name}", $"is not a known property (expected {string.Join(", ", known)})");
            }

            if (!properties.TryAdd(property.Name, property.Value))
            {
                throw Fail($"{path}.{property.Name}", "appears twice");
            }
        }

        return properties;
    }

    private JsonElement Required(Dictionary<string, JsonElement> properties, string path, string name) =>
        properties.TryGetValue(name, out var value) ? value : throw Fail($"{path}.{name}", "is required");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private CalendarDataException Fail(string path, string problem) => new(_fileName, path, problem);
}
