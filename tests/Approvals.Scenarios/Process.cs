using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Xunit;

namespace Approvals.Scenarios;

/// <summary>
/// One instance driven the way its users would: clerks completing tasks, villages recording votes, offices
/// closing batches, and time passing on the working-day calendar. Commands carry the scenario's clock.
/// </summary>
public sealed class Process(IProcessDriver driver)
{
    /// <summary>Monday 2 March 2026, 09:00 China Standard Time: a working morning.</summary>
    public DateTimeOffset Now { get; private set; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public string DefinitionId { get; private set; } = "";

    /// <summary>Sets the clock, before the process starts.</summary>
    public void ClockAt(DateTimeOffset instant) => Now = instant;

    /// <summary>Time passes to <paramref name="instant"/>, and due timers fire.</summary>
    public async Task<int> LaterAt(DateTimeOffset instant)
    {
        Now = instant;
        return await driver.FireDueTimersAsync(Now);
    }

    /// <summary>The version the instance started on: the newest of its id, as in the service.</summary>
    public WorkflowDefinition Definition => ScenarioWorkflows.Definitions[DefinitionId];

    public Task Start(string definitionId, ProjectSnapshot project)
    {
        DefinitionId = definitionId;
        DataVersion = project.DataVersion;
        return driver.StartAsync(definitionId, project, Now);
    }

    /// <summary>The version of the project's data the process holds: raised by each correction the scenario makes.</summary>
    public int DataVersion { get; private set; }

    /// <summary>项目更正 by the implementing entity, with a reason; the next data version. Throws as the engine refuses.</summary>
    public async Task Correct(string reason, Facts? facts = null, IReadOnlyList<Village>? villages = null, IReadOnlyList<SubProject>? subProjects = null)
    {
        await Handle(new CorrectProject(new ProjectCorrection(DataVersion + 1, facts, villages, subProjects), reason, "entity", Now));
        DataVersion++;
    }

    public Task<InstanceView> View() => driver.ViewAsync();

    public Task Handle(Command command) => driver.HandleAsync(command);

    public async Task<IReadOnlyList<OpenTaskView>> Tasks(string stepId) =>
        [.. (await View()).OpenTasks.Where(t => t.StepId == stepId).OrderBy(t => t.ItemKey, StringComparer.Ordinal)];

    /// <summary>The one open task of a step (for one forEach item, if given); fails the scenario if there is not exactly one.</summary>
    public async Task<OpenTaskView> Task(string stepId, string? item = null)
    {
        var view = await View();
        var matches = view.OpenTasks.Where(t => t.StepId == stepId && (item is null || t.ItemKey == item)).ToList();
        Assert.True(matches.Count == 1,
            $"expected one open task for {stepId}{(item is null ? "" : $" ({item})")}, found {matches.Count}; open: " +
            string.Join(", ", view.OpenTasks.Select(t => $"{t.StepId}({t.ItemKey})")) + $"; status {view.Status} {view.Reason}");
        return matches[0];
    }

    public async Task Complete(string stepId, string? item = null, Outcome outcome = Outcome.Approve, string? opinion = null,
        IReadOnlyDictionary<string, decimal>? figures = null)
    {
        var task = await Task(stepId, item);
        await Handle(new CompleteTask(task.TaskId, outcome, opinion ?? (outcome == Outcome.Approve ? "同意" : "请补充完善"), "clerk", Now,
            figures ?? FiguresFor(stepId), Measurement: MeasurementFor(stepId)));
    }

    /// <summary>A department confirms its sub-projects (Jiaxing 附件2), moving some of its own between the three lists.</summary>
    public async Task ConfirmMoving(string department, IReadOnlyDictionary<string, string> plans)
    {
        var task = await Task("confirm-sub-projects", department);
        await Handle(new CompleteTask(task.TaskId, Outcome.Approve, "确认", "clerk", Now, Moves: new SubProjectMoves(plans, DataVersion + 1)));
        DataVersion++;
    }

    /// <summary>Completes every open task of a step, one after another.</summary>
    public async Task CompleteEach(string stepId, Outcome outcome = Outcome.Approve)
    {
        foreach (var task in await Tasks(stepId))
        {
            await Complete(stepId, task.ItemKey, outcome);
        }
    }

    /// <summary>Records a passing consent vote for every village whose vote is open, one after another.</summary>
    public async Task ConsentEach(string summary = "三分之二以上村民代表同意，通过")
    {
        foreach (var task in (await View()).OpenTasks.Where(t => t.Activity == "consentVote").OrderBy(t => t.ItemKey, StringComparer.Ordinal).ToList())
        {
            await Handle(new RecordConsent(task.ItemKey!, true, summary, "village", Now));
        }
    }

    /// <summary>Time passes: the clock moves to 09:00 on the N-th working day from now, and due timers fire.</summary>
    public async Task<int> LaterByWorkingDays(int workingDays)
    {
        var day = ScenarioWorkflows.Calendar.AddWorkingDays(Now, workingDays).Date;
        return await LaterAt(ChinaStandardTime.StartOf(day).AddHours(9));
    }

    /// <summary>
    /// Drives the instance until <paramref name="until"/> says stop or the process ends: approves every open task
    /// (filling in measured figures), records passing votes, lets filing windows run out, closes batches
    /// approved. Fails if the instance is blocked or stuck.
    /// </summary>
    public async Task<InstanceView> Run(Func<InstanceView, bool>? until = null, int maxActions = 500)
    {
        for (var actions = 0; actions < maxActions; actions++)
        {
            var view = await View();
            if (view.Status is InstanceStatus.Completed or InstanceStatus.Rejected or InstanceStatus.Terminated || until?.Invoke(view) == true)
            {
                return view;
            }

            Assert.True(view.Status == InstanceStatus.Running, $"the instance is {view.Status}: {view.Reason}");
            var task = view.OpenTasks.FirstOrDefault(t => t.Activity != "filing");
            if (task is not null)
            {
                if (task.Activity == "consentVote")
                {
                    await Handle(new RecordConsent(task.ItemKey!, true, "到会人数超过半数，同意票超过三分之二，通过", "village", Now));
                }
                else
                {
                    await Handle(new CompleteTask(task.TaskId, Outcome.Approve, "同意", "clerk", Now, FiguresFor(task.StepId), Measurement: MeasurementFor(task.StepId)));
                }

                continue;
            }

            if (view.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.Batch) is { } batch)
            {
                await Handle(new CloseBatch(batch.Key.Split('@')[0], "2026年第1批", BatchDecision.Passed, "city-office", Now));
                continue;
            }

            Assert.True(view.PendingTimers.Count > 0, "nothing to do and nothing to wait for: the instance is stuck");
            Now = view.PendingTimers[0] > Now ? view.PendingTimers[0].AddMinutes(1) : Now;
            await driver.FireDueTimersAsync(Now);
        }

        throw new InvalidOperationException($"{DefinitionId} did not finish within {maxActions} actions.");
    }

    /// <summary>Figures a sign-off needs: every measure of the step, measured at 120 亩.</summary>
    /// <summary>How a sign-off's figures were measured: on site, by a surveying team, wherever the step measures anything.</summary>
    public Measurement? MeasurementFor(string stepId) =>
        Definition.Find(stepId) is SignOffStep { Measures.Count: > 0 } ? new Measurement(Measurement.OnSite, "县国土测绘队 王建明") : null;

    public IReadOnlyDictionary<string, decimal>? FiguresFor(string stepId) =>
        Definition.Find(stepId) is SignOffStep { Measures.Count: > 0 } signOff
            ? signOff.Measures.ToDictionary(m => m.Fact, _ => 120m)
            : null;
}
