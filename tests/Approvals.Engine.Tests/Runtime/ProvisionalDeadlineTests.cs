using Approvals.Engine.Runtime;
using Approvals.Scenarios;

namespace Approvals.Engine.Tests.Runtime;

public class ProvisionalDeadlineTests
{
    private static readonly DateTimeOffset ChristmasEve = new(2026, 12, 24, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_deadline_in_a_year_without_calendar_data_is_counted_again_when_that_year_arrives()
    {
        var definition = ScenarioWorkflows.Definitions["jiaxing"];
        var start = WorkflowEngine.Start(definition, Projects.Jiaxing(), Guid.NewGuid(), "starter", ChristmasEve, ScenarioWorkflows.Context());
        var opened = start.Effects.OfType<TaskOpened>().Single();

        // 10 working days from 24 December 2026; 2027 is not in the calendar, so 1 January counts as a working day.
        Assert.Equal(new DateOnly(2027, 1, 7), opened.Due!.Date);
        Assert.True(opened.Due.Provisional);

        var unchanged = WorkflowEngine.Handle(definition, start.State, new RecomputeDeadlines(ChristmasEve), ScenarioWorkflows.Context());
        Assert.Empty(unchanged.Effects.OfType<TimerScheduled>());

        var recounted = WorkflowEngine.Handle(definition, unchanged.State, new RecomputeDeadlines(ChristmasEve.AddDays(1)), Calendars.ContextWithTest2027());

        var moved = Assert.Single(recounted.Effects.OfType<TaskDueChanged>());
        Assert.Equal((opened.TaskId, new DateOnly(2027, 1, 8), false), (moved.TaskId, moved.Due.Date, moved.Due.Provisional));
        Assert.Contains(recounted.Effects.OfType<TimerCancelled>(), _ => true);
        var timer = Assert.Single(recounted.Effects.OfType<TimerScheduled>());
        Assert.Equal(TimerKind.TaskDueSoon, timer.Timer.Kind);
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 0, 0, 0, TimeSpan.FromHours(8)), timer.Timer.DueAt);
        Assert.Contains(recounted.Effects.OfType<Audited>(), a => a.Action == "task.due-recomputed");
        Assert.Empty(WorkflowEngine.Handle(definition, recounted.State, new RecomputeDeadlines(ChristmasEve.AddDays(2)), Calendars.ContextWithTest2027())
            .Effects.OfType<TaskDueChanged>());
    }
}
