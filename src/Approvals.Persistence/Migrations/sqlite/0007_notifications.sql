-- 0007 in-app notifications: messages delivered to an organisation's list, once per message and recipient.

CREATE TABLE notifications (
    id TEXT NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    message_id TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    recipient_code TEXT NOT NULL,
    recipient_jurisdiction TEXT NOT NULL,
    message_type TEXT NOT NULL,
    title TEXT NOT NULL,
    project_id TEXT NOT NULL,
    project_name TEXT NOT NULL,
    task_id TEXT NULL,
    due_at INTEGER NULL,
    body TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    delivered_at INTEGER NOT NULL,
    read_at INTEGER NULL,
    read_by TEXT NULL
);

CREATE INDEX ix_notifications_recipient_kind_recipient_code_recipie_d9adc472 ON notifications (recipient_kind, recipient_code, recipient_jurisdiction, occurred_at);

CREATE UNIQUE INDEX ux_notifications_message_id_recipient_kind_recipient_c_7b33e564 ON notifications (message_id, recipient_kind, recipient_code, recipient_jurisdiction);
