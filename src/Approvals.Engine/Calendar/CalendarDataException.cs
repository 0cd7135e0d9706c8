namespace Approvals.Engine.Calendar;

/// <summary>The calendar data is malformed or inconsistent; the message names the file and the JSON path.</summary>
public sealed class CalendarDataException(string fileName, string jsonPath, string problem)
    : Exception($"{fileName}: {jsonPath}: {problem}")
{
    public string FileName { get; } = fileName;

    public string JsonPath { get; } = jsonPath;

    public string Problem { get; } = problem;
}
