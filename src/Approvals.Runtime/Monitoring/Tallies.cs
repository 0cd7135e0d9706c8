using System.Globalization;
using System.Text;
using Approvals.Engine.Calendar;
using Approvals.Persistence;
using Approvals.Persistence.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Runtime.Monitoring;

/// <summary>A task as it closed, with what the monitoring tallies count it under.</summary>
public sealed record ClosedTask(
    string CountyCode, string DefinitionId, string AssigneeKind, string AssigneeCode, string AssigneeJurisdiction, string StepId, string StepName,
    bool Completed, string? Outcome, DateTimeOffset ClosedAt, DateTimeOffset? DueAt, int? WorkingDaysTaken);

/// <summary>
/// Closed tasks gathered into the increments of their monthly tallies (task_tallies, step_duration_tallies), and
/// written by adding to the stored rows (INSERT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike) in the
/// transaction that closed them, so the tallies never disagree with the tasks.
/// </summary>
public sealed class Tallies
{
    private readonly Dictionary<(string, string, string, string, string), TaskTally> _tasks = [];
    private readonly Dictionary<(string, string, string, string, int), StepDurationTally> _durations = [];

    public bool IsEmpty => _tasks.Count == 0 && _durations.Count == 0;

    /// <summary>The month (China Standard Time) an instant falls in, as the tallies key it: yyyy-MM.</summary>
    public static string MonthOf(DateTimeOffset at) => at.ToOffset(ChinaStandardTime.Offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Counts a closed task: completed in its closing month, late in the month its time limit ended.</summary>
    /// <param name="jurisdictions">The task's county and the jurisdictions above it (its city, its province).</param>
    public void Add(ClosedTask t, IReadOnlyList<string> jurisdictions)
    {
        if (t.Completed)
        {
            var month = MonthOf(t.ClosedAt);
            var row = Row(month, t);
            row.Completed++;
            row.OnTime += t.DueAt is null || t.ClosedAt <= t.DueAt ? 1 : 0;
            row.WorkingDays += t.WorkingDaysTaken ?? 0;
            row.Timed += t.WorkingDaysTaken is null ? 0 : 1;
            row.Returns += t.Outcome == "return" ? 1 : 0;
            if (t.WorkingDaysTaken is { } days)
            {
                foreach (var jurisdiction in jurisdictions)
                {
                    var key = (jurisdiction, month, t.DefinitionId, t.StepId, days);
                    if (!_durations.TryGetValue(key, out var duration))
                    {
                        _durations[key] = duration = new StepDurationTally
                        {
                            Jurisdiction = jurisdiction, Month = month, DefinitionId = t.DefinitionId, StepId = t.StepId, WorkingDays = days, StepName = t.StepName,
                        };
                    }

                    duration.Tasks++;
                }
            }
        }

        if (t.DueAt is { } due && t.ClosedAt > due)
        {
            Row(MonthOf(due), t).Late++;
        }
    }

    private TaskTally Row(string month, ClosedTask t)
    {
        var key = (month, t.CountyCode, t.AssigneeKind, t.AssigneeCode, t.AssigneeJurisdiction);
        if (!_tasks.TryGetValue(key, out var row))
        {
            _tasks[key] = row = new TaskTally
            {
                Month = month, CountyCode = t.CountyCode, AssigneeKind = t.AssigneeKind, AssigneeCode = t.AssigneeCode, AssigneeJurisdiction = t.AssigneeJurisdiction,
            };
        }

        return row;
    }

    /// <summary>Adds the increments to the stored tallies, in the caller's transaction: one round trip for a step's few rows.</summary>
    public async Task WriteAsync(ApprovalsDbContext db, CancellationToken cancellationToken)
    {
        // In key order, so two transactions adding to the same rows take their locks in the same order.
        var tasks = _tasks.OrderBy(t => t.Key).Select(t => t.Value).Chunk(200).Select(chunk => (
            Table: "task_tallies", Keys: new[] { "month", "county_code", "assignee_kind", "assignee_code", "assignee_jurisdiction" },
            Sums: new[] { "completed", "on_time", "working_days", "timed", "returns", "late" }, Latest: Array.Empty<string>(),
            Rows: chunk.Select(r => new object[] { r.Month, r.CountyCode, r.AssigneeKind, r.AssigneeCode, r.AssigneeJurisdiction, r.Completed, r.OnTime, r.WorkingDays, r.Timed, r.Returns, r.Late })));
        var durations = _durations.OrderBy(t => t.Key).Select(t => t.Value).Chunk(200).Select(chunk => (
            Table: "step_duration_tallies", Keys: new[] { "jurisdiction", "month", "definition_id", "step_id", "working_days" },
            Sums: new[] { "tasks" }, Latest: new[] { "step_name" },
            Rows: chunk.Select(r => new object[] { r.Jurisdiction, r.Month, r.DefinitionId, r.StepId, r.WorkingDays, r.Tasks, r.StepName })));

        var sql = new StringBuilder();
        var parameters = new List<object>();
        foreach (var (table, keys, sums, latest, rows) in tasks.Concat(durations))
        {
            if (parameters.Count > 2000)
            {
                await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
                (sql, parameters) = (new StringBuilder(), []);
            }

            Upsert(sql, parameters, table, keys, sums, latest, rows);
        }

        if (sql.Length > 0)
        {
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }

        _tasks.Clear();
        _durations.Clear();
    }

    /// <param name="keys">The primary key's columns.</param>
    /// <param name="sums">Columns added to what is stored.</param>
    /// <param name="latest">Columns replaced by the newest value (a step's name).</param>
    private static void Upsert(StringBuilder sql, List<object> parameters, string table, string[] keys, string[] sums, string[] latest, IEnumerable<object[]> rows)
    {
        var columns = keys.Concat(sums).Concat(latest).ToArray();
        sql.Append($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
        var first = true;
        foreach (var row in rows)
        {
            sql.Append(first ? "(" : ", (");
            sql.AppendJoin(", ", row.Select((_, i) => $"{{{parameters.Count + i}}}"));
            sql.Append(')');
            parameters.AddRange(row);
            first = false;
        }

        sql.Append($" ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET ");
        sql.AppendJoin(", ", sums.Select(c => $"{c} = {table}.{c} + excluded.{c}").Concat(latest.Select(c => $"{c} = excluded.{c}")));
        sql.Append(";\n");
    }
}
