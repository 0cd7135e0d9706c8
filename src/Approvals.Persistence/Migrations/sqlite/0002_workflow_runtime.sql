-- 0002 workflow runtime: published definitions, instances (columns for lists, the engine's state as a
-- document), tasks (the inboxes), timers (claimed by lease), bookmarks, letter requests, and the audit trail
-- rebuilt as one hash chain per instance (0001's audit table never held a record).

DROP TABLE audit_records;

CREATE TABLE audit_records (
    id INTEGER NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY AUTOINCREMENT,
    stream TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    occurred_at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    reason TEXT NULL,
    details TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE workflow_definitions (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    CONSTRAINT pk_workflow_definitions PRIMARY KEY (id, version)
);

CREATE TABLE workflow_instances (
    id TEXT NOT NULL CONSTRAINT pk_workflow_instances PRIMARY KEY,
    definition_id TEXT NOT NULL,
    definition_version INTEGER NOT NULL,
    project_id TEXT NOT NULL,
    project_name TEXT NOT NULL,
    county_code TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT NULL,
    current_steps TEXT NOT NULL,
    next_due_at INTEGER NULL,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    ended_at INTEGER NULL,
    version INTEGER NOT NULL,
    audit_head TEXT NOT NULL,
    audit_count INTEGER NOT NULL,
    state TEXT NOT NULL,
    CONSTRAINT fk_workflow_instances_workflow_definitions_definition__04d2c6dd FOREIGN KEY (definition_id, definition_version) REFERENCES workflow_definitions (id, version) ON DELETE RESTRICT
);

CREATE TABLE letter_requests (
    id TEXT NOT NULL CONSTRAINT pk_letter_requests PRIMARY KEY,
    instance_id TEXT NOT NULL,
    activity_id INTEGER NOT NULL,
    document TEXT NOT NULL,
    issuer_kind TEXT NOT NULL,
    issuer_code TEXT NOT NULL,
    issuer_jurisdiction TEXT NOT NULL,
    item_key TEXT NULL,
    item_name TEXT NULL,
    status TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    CONSTRAINT fk_letter_requests_workflow_instances_instance_id FOREIGN KEY (instance_id) REFERENCES workflow_instances (id) ON DELETE CASCADE
);

CREATE TABLE workflow_bookmarks (
    instance_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    activity_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT pk_workflow_bookmarks PRIMARY KEY (instance_id, kind, key, activity_id),
    CONSTRAINT fk_workflow_bookmarks_workflow_instances_instance_id FOREIGN KEY (instance_id) REFERENCES workflow_instances (id) ON DELETE CASCADE
);

CREATE TABLE workflow_tasks (
    id TEXT NOT NULL CONSTRAINT pk_workflow_tasks PRIMARY KEY,
    instance_id TEXT NOT NULL,
    activity_id INTEGER NOT NULL,
    step_id TEXT NOT NULL,
    step_name TEXT NOT NULL,
    activity TEXT NOT NULL,
    assignee_kind TEXT NOT NULL,
    assignee_code TEXT NOT NULL,
    assignee_jurisdiction TEXT NOT NULL,
    item_key TEXT NULL,
    item_name TEXT NULL,
    status TEXT NOT NULL,
    outcome TEXT NULL,
    opinion TEXT NULL,
    warning TEXT NULL,
    due_date TEXT NULL,
    due_at INTEGER NULL,
    due_provisional INTEGER NOT NULL,
    outcomes TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER NULL,
    closed_by TEXT NULL,
    CONSTRAINT fk_workflow_tasks_workflow_instances_instance_id FOREIGN KEY (instance_id) REFERENCES workflow_instances (id) ON DELETE CASCADE
);

CREATE TABLE workflow_timers (
    id TEXT NOT NULL CONSTRAINT pk_workflow_timers PRIMARY KEY,
    instance_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    activity_id INTEGER NOT NULL,
    task_id TEXT NULL,
    status TEXT NOT NULL,
    lease_owner TEXT NULL,
    lease_expires_at INTEGER NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NULL,
    fired_at INTEGER NULL,
    CONSTRAINT fk_workflow_timers_workflow_instances_instance_id FOREIGN KEY (instance_id) REFERENCES workflow_instances (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ux_audit_records_stream_sequence ON audit_records (stream, sequence);

CREATE INDEX ix_letter_requests_instance_id ON letter_requests (instance_id);

CREATE INDEX ix_letter_requests_status_requested_at ON letter_requests (status, requested_at);

CREATE INDEX ix_workflow_bookmarks_kind_key ON workflow_bookmarks (kind, key);

CREATE INDEX ix_workflow_instances_county_code_status_next_due_at ON workflow_instances (county_code, status, next_due_at);

CREATE INDEX ix_workflow_instances_definition_id_definition_version ON workflow_instances (definition_id, definition_version);

CREATE INDEX ix_workflow_instances_project_id ON workflow_instances (project_id);

CREATE INDEX ix_workflow_tasks_assignee_kind_assignee_code_assignee_ceda2c30 ON workflow_tasks (assignee_kind, assignee_code, assignee_jurisdiction, status, due_at);

CREATE INDEX ix_workflow_tasks_instance_id_status ON workflow_tasks (instance_id, status);

CREATE INDEX ix_workflow_timers_instance_id ON workflow_timers (instance_id);

CREATE INDEX ix_workflow_timers_status_due_at ON workflow_timers (status, due_at);
