using Approvals.Engine.Calendar;
using Approvals.Engine.Runtime;

namespace Approvals.Scenarios;

/// <summary>Calendars for tests of what happens when a new year's holiday arrangements arrive.</summary>
public static class Calendars
{
    /// <summary>
    /// The real 2024–2026 data plus a 2027 that is TEST DATA, not the State Council's notice: only 1 January as
    /// a holiday, enough to move a deadline that the real calendar can only count provisionally.
    /// </summary>
    public static WorkingDayCalendar WithTest2027()
    {
        var real = CalendarData.Parse(File.ReadAllText(Path.Combine(ScenarioWorkflows.Folder, "calendar", "cn-statutory.json")), "cn-statutory.json");
        return new WorkingDayCalendar(real with
        {
            Years = [.. real.Years, new CalendarYear(2027, "测试数据（非官方）", [new HolidayRange("元旦", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1))], [])],
        });
    }

    public static EngineContext ContextWithTest2027() => ScenarioWorkflows.Context() with { Calendar = WithTest2027() };
}
