-- 0015 each decision records the version of the project's data it was made on: a started project can be corrected
-- (项目更正), and a decision taken on figures since corrected must say so. Tasks closed before stay without it.

ALTER TABLE workflow_tasks ADD COLUMN project_version INTEGER NULL;
