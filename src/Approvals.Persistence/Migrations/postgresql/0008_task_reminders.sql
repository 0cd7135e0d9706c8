-- 0008 managers' reminders (催办) of tasks, kept to limit how often one task is reminded.

CREATE TABLE task_reminders (
    id uuid NOT NULL,
    task_id uuid NOT NULL,
    sent_by character varying(200) NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    message text,
    CONSTRAINT pk_task_reminders PRIMARY KEY (id),
    CONSTRAINT fk_task_reminders_workflow_tasks_task_id FOREIGN KEY (task_id) REFERENCES workflow_tasks (id) ON DELETE CASCADE
);

CREATE INDEX ix_task_reminders_task_id_sent_at ON task_reminders (task_id, sent_at);
