-- 0012 the county and process of each task's instance on the task itself, so the managers' views filter and group
-- a province's tasks by index without joining each to its instance.

ALTER TABLE workflow_tasks ADD COLUMN county_code TEXT NOT NULL DEFAULT '';

ALTER TABLE workflow_tasks ADD COLUMN definition_id TEXT NOT NULL DEFAULT '';

UPDATE workflow_tasks SET
    county_code = (SELECT i.county_code FROM workflow_instances i WHERE i.id = workflow_tasks.instance_id),
    definition_id = (SELECT i.definition_id FROM workflow_instances i WHERE i.id = workflow_tasks.instance_id);

DROP INDEX "ix_workflow_tasks_status_closed_at";

CREATE INDEX "ix_workflow_tasks_status_county_code_closed_at" ON "workflow_tasks" ("status", "county_code", "closed_at");

CREATE INDEX "ix_workflow_tasks_status_county_code_due_at" ON "workflow_tasks" ("status", "county_code", "due_at");

CREATE INDEX "ix_workflow_tasks_status_county_code_opened_at" ON "workflow_tasks" ("status", "county_code", "opened_at");
