using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Apis.Tasks;

/// <param name="ProjectVersion">The version of the project's data the decision was made on (项目数据版本), once decided.</param>
/// <param name="MeasuredFigures">On an acceptance task: each figure measured at acceptance beside the approved plan, with any shortfall.</param>
public sealed record TaskDetail(
    Guid TaskId, Guid InstanceId, string ProjectId, string ProjectName, string DefinitionId, int DefinitionVersion,
    string StepId, string StepName, string Activity, string? Item, string Status, string? Outcome, string? Opinion,
    DateOnly? DueDate, DateTimeOffset? DueAt, bool DueProvisional, string? Warning, IReadOnlyList<string> Outcomes,
    DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, string? ClosedBy, string? AssignedTo, string? AssignedToName,
    string InstanceStatus, IReadOnlyList<string> CurrentSteps, int? ProjectVersion = null, IReadOnlyList<MeasuredFigure>? MeasuredFigures = null);

/// <summary>
/// A task as it stands now: for its detail, for the answer to every task command, and for the 409 a late command gets.
/// Read from columns, except an acceptance task's measured figures, which come from the process state when the catalogue
/// is given to name them (the task's own page).
/// </summary>
public static class TaskDetails
{
    public static async Task<TaskDetail?> ReadAsync(ApprovalsDbContext db, Guid taskId, CancellationToken cancellationToken, Catalogue? catalogue = null)
    {
        var row = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
            .Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new { t, i })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var (t, i) = (row.t, row.i);
        return new TaskDetail(t.Id, i.Id, i.ProjectId, i.ProjectName, i.DefinitionId, i.DefinitionVersion,
            t.StepId, t.StepName, t.Activity, t.ItemName, t.Status, t.Outcome, t.Opinion, t.DueDate, t.DueAt, t.DueProvisional, t.Warning,
            Outcomes(t), t.OpenedAt, t.ClosedAt, t.ClosedBy, t.AssignedTo, t.AssignedToName, i.Status, StateDocument.Read<List<string>>(i.CurrentSteps), t.ProjectVersion,
            t.Activity == "acceptance" && catalogue is not null ? MeasuredFigures.Compare(StateDocument.Read(i.State).Project, catalogue) : null);
    }

    /// <summary>What the task offers (approve, reject, return …), as the row lists them.</summary>
    public static List<string> Outcomes(TaskRecord task) => [.. task.Outcomes.Split(',', StringSplitOptions.RemoveEmptyEntries)];
}
