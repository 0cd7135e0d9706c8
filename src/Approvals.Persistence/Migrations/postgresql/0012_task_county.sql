-- 0012 the county and process of each task's instance on the task itself, so the managers' views filter and group
-- a province's tasks by index without joining each to its instance.

ALTER TABLE workflow_tasks ADD county_code character varying(12) NOT NULL DEFAULT '';

ALTER TABLE workflow_tasks ADD definition_id character varying(100) NOT NULL DEFAULT '';

UPDATE workflow_tasks t SET county_code = i.county_code, definition_id = i.definition_id
FROM workflow_instances i WHERE i.id = t.instance_id;

DROP INDEX ix_workflow_tasks_status_closed_at;

CREATE INDEX ix_workflow_tasks_status_county_code_closed_at ON workflow_tasks (status, county_code, closed_at);

CREATE INDEX ix_workflow_tasks_status_county_code_due_at ON workflow_tasks (status, county_code, due_at);

CREATE INDEX ix_workflow_tasks_status_county_code_opened_at ON workflow_tasks (status, county_code, opened_at);
