using Approvals.Engine.Calendar;

namespace Approvals.Engine.Tests.Calendar;

/// <summary>The real calendar file the service ships, read once for all tests.</summary>
internal static class StatutoryCalendar
{
    public const string FileName = "cn-statutory.json";

    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "workflows", "calendar", FileName);

    private static readonly Lazy<CalendarData> LazyData = new(() => CalendarData.Parse(File.ReadAllText(Path), FileName));
    private static readonly Lazy<WorkingDayCalendar> LazyCalendar = new(() => new WorkingDayCalendar(Data));

    public static CalendarData Data => LazyData.Value;

    public static WorkingDayCalendar Calendar => LazyCalendar.Value;
}
