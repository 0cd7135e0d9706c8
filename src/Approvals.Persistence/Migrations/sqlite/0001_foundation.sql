-- 0001 foundation: the audit trail and the transactional outbox, which every later feature writes to.
-- Instants are INTEGER microseconds since the Unix epoch (UTC); see UtcMicrosecondsConverter.

CREATE TABLE audit_records (
    id INTEGER NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY AUTOINCREMENT,
    occurred_at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    reason TEXT NULL,
    before TEXT NULL,
    after TEXT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX ix_audit_records_subject_type_subject_id_id ON audit_records (subject_type, subject_id, id);
CREATE UNIQUE INDEX ux_audit_records_hash ON audit_records (hash);

CREATE TABLE outbox_messages (
    id TEXT NOT NULL CONSTRAINT pk_outbox_messages PRIMARY KEY,
    message_type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    available_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    lease_owner TEXT NULL,
    lease_expires_at INTEGER NULL,
    sent_at INTEGER NULL,
    last_error TEXT NULL
);

CREATE INDEX ix_outbox_messages_sent_at_available_at ON outbox_messages (sent_at, available_at);
