-- 0013 monitoring tallies: what closed tasks came to per month (task_tallies, by county and assignee, and step_duration_tallies,
-- a histogram of working days per step for each county, city and province), added to in the step that closes a task;
-- filled here from the tasks closed so far. Open tasks get an index of their own, covering what the managers' views read.

CREATE TABLE "task_tallies" (
    "month" TEXT NOT NULL,
    "county_code" TEXT NOT NULL,
    "assignee_kind" TEXT NOT NULL,
    "assignee_code" TEXT NOT NULL,
    "assignee_jurisdiction" TEXT NOT NULL,
    "completed" INTEGER NOT NULL,
    "on_time" INTEGER NOT NULL,
    "working_days" INTEGER NOT NULL,
    "timed" INTEGER NOT NULL,
    "returns" INTEGER NOT NULL,
    "late" INTEGER NOT NULL,
    CONSTRAINT "pk_task_tallies" PRIMARY KEY ("month", "county_code", "assignee_kind", "assignee_code", "assignee_jurisdiction")
);

CREATE TABLE "step_duration_tallies" (
    "jurisdiction" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "definition_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "working_days" INTEGER NOT NULL,
    "step_name" TEXT NOT NULL,
    "tasks" INTEGER NOT NULL,
    CONSTRAINT "pk_step_duration_tallies" PRIMARY KEY ("jurisdiction", "month", "definition_id", "step_id", "working_days")
);

-- Instants are microseconds since the Unix epoch (UTC), and months are in China Standard Time (UTC+8 all year).
INSERT INTO task_tallies (month, county_code, assignee_kind, assignee_code, assignee_jurisdiction, completed, on_time, working_days, timed, returns, late)
SELECT month, county_code, assignee_kind, assignee_code, assignee_jurisdiction, sum(completed), sum(on_time), sum(working_days), sum(timed), sum(returns), sum(late)
FROM (
    SELECT strftime('%Y-%m', closed_at / 1000000 + 28800, 'unixepoch') AS month, county_code, assignee_kind, assignee_code, assignee_jurisdiction,
           1 AS completed, CASE WHEN due_at IS NULL OR closed_at <= due_at THEN 1 ELSE 0 END AS on_time, coalesce(working_days_taken, 0) AS working_days,
           CASE WHEN working_days_taken IS NULL THEN 0 ELSE 1 END AS timed, CASE WHEN outcome = 'return' THEN 1 ELSE 0 END AS returns, 0 AS late
    FROM workflow_tasks WHERE status = 'completed'
    UNION ALL
    SELECT strftime('%Y-%m', due_at / 1000000 + 28800, 'unixepoch'), county_code, assignee_kind, assignee_code, assignee_jurisdiction, 0, 0, 0, 0, 0, 1
    FROM workflow_tasks WHERE status <> 'open' AND due_at IS NOT NULL AND closed_at > due_at
) closed
GROUP BY month, county_code, assignee_kind, assignee_code, assignee_jurisdiction;

WITH chains AS (
    SELECT DISTINCT county_code AS county, county_code AS jurisdiction FROM workflow_tasks WHERE status = 'completed'
    UNION ALL
    SELECT c.id, y.id FROM organisations c JOIN organisations y ON y.id = c.parent_id AND y.kind = 'city' WHERE c.kind = 'county'
    UNION ALL
    SELECT c.id, p.id FROM organisations c JOIN organisations y ON y.id = c.parent_id AND y.kind = 'city'
        JOIN organisations p ON p.id = y.parent_id AND p.kind = 'province' WHERE c.kind = 'county'
)
INSERT INTO step_duration_tallies (jurisdiction, month, definition_id, step_id, working_days, step_name, tasks)
SELECT ch.jurisdiction, strftime('%Y-%m', t.closed_at / 1000000 + 28800, 'unixepoch'), t.definition_id, t.step_id, t.working_days_taken, max(t.step_name), count(*)
FROM workflow_tasks t JOIN chains ch ON ch.county = t.county_code
WHERE t.status = 'completed' AND t.working_days_taken IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

DROP INDEX "ix_workflow_tasks_status_county_code_closed_at";

DROP INDEX "ix_workflow_tasks_status_county_code_due_at";

DROP INDEX "ix_workflow_tasks_status_county_code_opened_at";

CREATE INDEX "ix_workflow_tasks_open_county_code_opened_at" ON "workflow_tasks" ("county_code", "opened_at") WHERE status = 'open';
