using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Approvals.Persistence.Outbox;
using Approvals.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Runtime.Workflows;

/// <summary>Turns a transition's effects into row changes on the context; the caller saves them with the instance.</summary>
internal sealed class EffectWriter(ApprovalsDbContext db, InstanceRecord instance, DateTimeOffset at)
{
    private readonly Dictionary<Guid, TaskRecord> _tasks = [];
    private readonly Dictionary<Guid, TimerRow> _timers = [];
    private readonly List<BookmarkRow> _bookmarks = [];

    public void Write(IReadOnlyList<Effect> effects)
    {
        AttachTouchedRows(effects);
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case TaskOpened o:
                    var task = new TaskRecord
                    {
                        Id = o.TaskId,
                        InstanceId = instance.Id,
                        CountyCode = instance.CountyCode,
                        DefinitionId = instance.DefinitionId,
                        ActivityId = o.ActivityId,
                        StepId = o.StepId,
                        StepName = o.StepName,
                        Activity = o.Activity,
                        AssigneeKind = o.Assignee.Kind,
                        AssigneeCode = o.Assignee.Code,
                        AssigneeJurisdiction = o.Assignee.Jurisdiction,
                        ItemKey = o.Item?.Key,
                        ItemName = o.Item?.Name,
                        Status = TaskRowStatus.Open,
                        DueDate = o.Due?.Date,
                        DueAt = o.Due?.EndsAt,
                        DueProvisional = o.Due?.Provisional ?? false,
                        Outcomes = string.Join(',', o.Outcomes.Select(x => x.ToString().ToLowerInvariant())),
                        OpenedAt = o.At,
                    };
                    db.Tasks.Add(task);
                    _tasks[task.Id] = task;
                    break;
                case TaskClosed c:
                    var closed = _tasks[c.TaskId];
                    closed.Status = c.Closure == TaskClosure.Completed ? TaskRowStatus.Completed : TaskRowStatus.Cancelled;
                    closed.Outcome = c.Outcome?.ToString().ToLowerInvariant();
                    closed.Opinion = c.Opinion ?? c.Reason;
                    closed.ClosedAt = c.At;
                    closed.ClosedBy = c.Actor;
                    closed.WorkingDaysTaken = c.WorkingDaysTaken;
                    closed.ProjectVersion = c.ProjectVersion;
                    MarkModified(closed, nameof(TaskRecord.Status), nameof(TaskRecord.Outcome), nameof(TaskRecord.Opinion), nameof(TaskRecord.ClosedAt), nameof(TaskRecord.ClosedBy),
                        nameof(TaskRecord.WorkingDaysTaken), nameof(TaskRecord.ProjectVersion));
                    break;
                case TaskDueChanged d:
                    var moved = _tasks[d.TaskId];
                    moved.DueDate = d.Due.Date;
                    moved.DueAt = d.Due.EndsAt;
                    moved.DueProvisional = d.Due.Provisional;
                    MarkModified(moved, nameof(TaskRecord.DueDate), nameof(TaskRecord.DueAt), nameof(TaskRecord.DueProvisional));
                    break;
                case TaskWarningRaised w:
                    _tasks[w.TaskId].Warning = TaskUrgency.Of(w.Warning);
                    MarkModified(_tasks[w.TaskId], nameof(TaskRecord.Warning));
                    break;
                case TimerScheduled s:
                    var timer = new TimerRow
                    {
                        Id = s.Timer.Id,
                        InstanceId = instance.Id,
                        Kind = s.Timer.Kind.ToString(),
                        DueAt = s.Timer.DueAt,
                        ActivityId = s.Timer.ActivityId,
                        TaskId = s.Timer.TaskId,
                        Status = TimerRowStatus.Pending,
                    };
                    db.Timers.Add(timer);
                    _timers[timer.Id] = timer;
                    break;
                case TimerCancelled c:
                    _timers[c.TimerId].Status = TimerRowStatus.Cancelled;
                    MarkModified(_timers[c.TimerId], nameof(TimerRow.Status));
                    break;
                case BookmarkCreated b:
                    var bookmark = new BookmarkRow { InstanceId = instance.Id, Kind = b.Kind.ToString(), Key = b.Key, ActivityId = b.ActivityId, CreatedAt = at };
                    db.Bookmarks.Add(bookmark);
                    _bookmarks.Add(bookmark);
                    break;
                case BookmarkRemoved b:
                    var created = _bookmarks.FirstOrDefault(r => r.Kind == b.Kind.ToString() && r.Key == b.Key && r.ActivityId == b.ActivityId);
                    if (created is not null)
                    {
                        db.Bookmarks.Remove(created);
                        _bookmarks.Remove(created);
                    }
                    else
                    {
                        var tracked = db.ChangeTracker.Entries<BookmarkRow>().Select(e => e.Entity).FirstOrDefault(r =>
                            r.InstanceId == instance.Id && r.Kind == b.Kind.ToString() && r.Key == b.Key && r.ActivityId == b.ActivityId);
                        db.Bookmarks.Remove(tracked ?? Attach(new BookmarkRow { InstanceId = instance.Id, Kind = b.Kind.ToString(), Key = b.Key, ActivityId = b.ActivityId }));
                    }

                    break;
                case MessagePublished m:
                    db.OutboxMessages.Add(new OutboxEnvelope(m.Addressee, m.Data).ToRow(Guid.CreateVersion7(), m.Type, at));
                    break;
                case LetterRequested l:
                    db.LetterRequests.Add(new LetterRequest
                    {
                        Id = Guid.CreateVersion7(),
                        InstanceId = instance.Id,
                        ActivityId = l.ActivityId,
                        Document = l.Document,
                        IssuerKind = l.Issuer.Kind,
                        IssuerCode = l.Issuer.Code,
                        IssuerJurisdiction = l.Issuer.Jurisdiction,
                        ItemKey = l.Item?.Key,
                        ItemName = l.Item?.Name,
                        Status = "requested",
                        RequestedAt = at,
                    });
                    break;
                case Audited a:
                    instance.AuditCount++;
                    var record = AuditChain.Next(AuditStreams.Instance(instance.Id), instance.AuditCount, instance.AuditHead, a);
                    instance.AuditHead = record.Hash;
                    db.AuditRecords.Add(record);
                    break;
            }
        }
    }

    /// <summary>
    /// Rows the effects change but did not create are attached as key-only stubs: the step writes them without
    /// reading them first, and an UPDATE that finds no row fails the whole step.
    /// </summary>
    private void AttachTouchedRows(IReadOnlyList<Effect> effects)
    {
        var opened = effects.OfType<TaskOpened>().Select(o => o.TaskId).ToHashSet();
        var touched = effects.OfType<TaskClosed>().Select(c => c.TaskId)
            .Concat(effects.OfType<TaskWarningRaised>().Select(w => w.TaskId))
            .Concat(effects.OfType<TaskDueChanged>().Select(d => d.TaskId));
        foreach (var id in touched.Distinct())
        {
            if (!opened.Contains(id))
            {
                // A row the caller's context already tracks is updated as it stands; otherwise a key-only stub.
                _tasks[id] = db.Tasks.Local.FindEntry(id)?.Entity ?? Attach(new TaskRecord
                {
                    Id = id, StepId = "", StepName = "", Activity = "", AssigneeKind = "", AssigneeCode = "", AssigneeJurisdiction = "", Status = "", Outcomes = "",
                });
            }
        }

        var scheduled = effects.OfType<TimerScheduled>().Select(s => s.Timer.Id).ToHashSet();
        foreach (var id in effects.OfType<TimerCancelled>().Select(c => c.TimerId).Where(id => !scheduled.Contains(id)))
        {
            _timers[id] = db.Timers.Local.FindEntry(id)?.Entity ?? Attach(new TimerRow { Id = id, Kind = "", Status = "" });
        }

    }

    private void MarkModified(object entity, params string[] properties)
    {
        var entry = db.Entry(entity);
        if (entry.State == EntityState.Added)
        {
            return;
        }

        foreach (var property in properties)
        {
            entry.Property(property).IsModified = true;
        }
    }

    private T Attach<T>(T stub)
        where T : class
    {
        db.Attach(stub);
        return stub;
    }
}
