-- 0008 managers' reminders (催办) of tasks, kept to limit how often one task is reminded.

CREATE TABLE task_reminders (
    id TEXT NOT NULL CONSTRAINT pk_task_reminders PRIMARY KEY,
    task_id TEXT NOT NULL,
    sent_by TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    message TEXT NULL,
    CONSTRAINT fk_task_reminders_workflow_tasks_task_id FOREIGN KEY (task_id) REFERENCES workflow_tasks (id) ON DELETE CASCADE
);

CREATE INDEX ix_task_reminders_task_id_sent_at ON task_reminders (task_id, sent_at);
