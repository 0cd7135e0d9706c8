-- 0003: the departments an instance waits for, as a column, so lists by department never read the state.
ALTER TABLE workflow_instances ADD COLUMN current_departments TEXT NOT NULL DEFAULT '';
