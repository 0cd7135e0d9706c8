using Approvals.Engine.Runtime;
using Approvals.Persistence.Workflows;

namespace Approvals.UnitTests.Persistence;

/// <summary>What every list means by due soon and overdue: the light the engine raised, read against the clock.</summary>
public sealed class TaskUrgencyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static TaskRecord Task(string? warning, DateTimeOffset? dueAt) => new()
    {
        Id = Guid.NewGuid(), StepId = "review", StepName = "审查", Activity = "review", AssigneeKind = "department", AssigneeCode = "water-resources",
        AssigneeJurisdiction = "330421", Status = TaskRowStatus.Open, Outcomes = "approve", Warning = warning, DueAt = dueAt,
    };

    [Theory]
    [InlineData(null, 48, false, false)]
    [InlineData("yellow", 48, true, false)]
    // Past its limit before the red timer fired: overdue, and no longer due soon.
    [InlineData("yellow", -1, false, true)]
    [InlineData("red", -1, false, true)]
    [InlineData(null, -1, false, true)]
    public void A_task_is_due_soon_while_yellow_and_before_its_limit_and_overdue_once_the_limit_passed(string? warning, int hoursToLimit, bool dueSoon, bool overdue)
    {
        var task = Task(warning, Now.AddHours(hoursToLimit));

        Assert.Equal(dueSoon, TaskUrgency.DueSoon(Now).Compile()(task));
        Assert.Equal(overdue, TaskUrgency.Overdue(Now).Compile()(task));
        Assert.Equal(overdue, TaskUrgency.IsOverdue(task.DueAt, Now));
    }

    [Fact]
    public void A_task_without_a_time_limit_is_never_overdue()
    {
        var unlit = Task(null, null);

        Assert.False(TaskUrgency.Overdue(Now).Compile()(unlit));
        Assert.False(TaskUrgency.DueSoon(Now).Compile()(unlit));
        Assert.False(TaskUrgency.IsOverdue(null, Now));
    }

    [Fact]
    public void The_column_keeps_the_engine_warning_by_its_name_and_pages_name_it_in_Chinese()
    {
        Assert.Equal(("yellow", "red"), (TaskUrgency.Of(TaskWarning.Yellow), TaskUrgency.Of(TaskWarning.Red)));
        Assert.Equal(("黄灯", "红灯", "红灯", ""), (TaskUrgency.Name("yellow", false), TaskUrgency.Name("yellow", true), TaskUrgency.Name(null, true), TaskUrgency.Name(null, false)));
    }
}
