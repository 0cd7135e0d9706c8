-- 0005 the case API: projects with their villages and sub-projects, attachments, the first answers to
-- idempotent commands, city batches, villages' consent meetings, and who works on a task (claim, delegate).

CREATE TABLE batches (
    id TEXT NOT NULL CONSTRAINT pk_batches PRIMARY KEY,
    kind TEXT NOT NULL,
    office_jurisdiction TEXT NOT NULL,
    reference TEXT NOT NULL,
    status TEXT NOT NULL,
    approved INTEGER NULL,
    opinion TEXT NULL,
    opened_by TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_by TEXT NULL,
    closed_at INTEGER NULL,
    version INTEGER NOT NULL
);

CREATE TABLE idempotency_records (
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    content_type TEXT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT pk_idempotency_records PRIMARY KEY (user_id, key)
);

CREATE TABLE projects (
    id TEXT NOT NULL CONSTRAINT pk_projects PRIMARY KEY,
    name TEXT NOT NULL,
    definition_id TEXT NOT NULL,
    province_code TEXT NOT NULL,
    city_code TEXT NOT NULL,
    county_code TEXT NOT NULL,
    town_code TEXT NOT NULL,
    implementing_entity_id TEXT NOT NULL,
    area TEXT NOT NULL,
    status TEXT NOT NULL,
    instance_id TEXT NULL,
    facts TEXT NOT NULL,
    materials TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    audit_head TEXT NOT NULL,
    audit_count INTEGER NOT NULL,
    CONSTRAINT fk_projects_organisations_implementing_entity_id FOREIGN KEY (implementing_entity_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE TABLE attachments (
    id TEXT NOT NULL CONSTRAINT pk_attachments PRIMARY KEY,
    project_id TEXT NOT NULL,
    task_id TEXT NULL,
    purpose TEXT NOT NULL,
    material TEXT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    storage TEXT NOT NULL,
    content BLOB NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL,
    CONSTRAINT fk_attachments_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE consent_meetings (
    id TEXT NOT NULL CONSTRAINT pk_consent_meetings PRIMARY KEY,
    project_id TEXT NOT NULL,
    village_code TEXT NOT NULL,
    rule TEXT NOT NULL,
    body TEXT NOT NULL,
    meeting_date TEXT NOT NULL,
    notice_date TEXT NULL,
    electorate INTEGER NOT NULL,
    attendance INTEGER NOT NULL,
    yes INTEGER NOT NULL,
    no INTEGER NOT NULL,
    abstain INTEGER NOT NULL,
    minutes_attachment_id TEXT NULL,
    valid INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    summary TEXT NOT NULL,
    supersedes_id TEXT NULL,
    reason TEXT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    CONSTRAINT fk_consent_meetings_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE project_sub_projects (
    project_id TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    department_code TEXT NOT NULL,
    plan TEXT NOT NULL,
    description TEXT NULL,
    CONSTRAINT pk_project_sub_projects PRIMARY KEY (project_id, key),
    CONSTRAINT fk_project_sub_projects_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE project_villages (
    project_id TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    electorate INTEGER NOT NULL,
    households INTEGER NOT NULL,
    representatives INTEGER NULL,
    CONSTRAINT pk_project_villages PRIMARY KEY (project_id, code),
    CONSTRAINT fk_project_villages_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE batch_members (
    batch_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    CONSTRAINT pk_batch_members PRIMARY KEY (batch_id, instance_id),
    CONSTRAINT fk_batch_members_batches_batch_id FOREIGN KEY (batch_id) REFERENCES batches (id) ON DELETE CASCADE,
    CONSTRAINT fk_batch_members_workflow_instances_instance_id FOREIGN KEY (instance_id) REFERENCES workflow_instances (id) ON DELETE CASCADE
);

CREATE INDEX ix_attachments_project_id_uploaded_at ON attachments (project_id, uploaded_at);

CREATE UNIQUE INDEX ux_batch_members_instance_id ON batch_members (instance_id);

CREATE UNIQUE INDEX ux_batches_kind_office_jurisdiction_reference ON batches (kind, office_jurisdiction, reference);

CREATE INDEX ix_consent_meetings_project_id_village_code_recorded_at ON consent_meetings (project_id, village_code, recorded_at);

CREATE INDEX ix_idempotency_records_created_at ON idempotency_records (created_at);

CREATE INDEX ix_project_villages_code ON project_villages (code);

CREATE INDEX ix_projects_county_code_status ON projects (county_code, status);

CREATE INDEX ix_projects_implementing_entity_id ON projects (implementing_entity_id);

ALTER TABLE workflow_tasks ADD COLUMN assigned_to TEXT NULL;

ALTER TABLE workflow_tasks ADD COLUMN assigned_to_name TEXT NULL;

ALTER TABLE workflow_tasks ADD COLUMN assigned_at INTEGER NULL;
