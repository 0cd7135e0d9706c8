-- 0005 the case API: projects with their villages and sub-projects, attachments, the first answers to
-- idempotent commands, city batches, villages' consent meetings, and who works on a task (claim, delegate).

CREATE TABLE batches (
    id uuid NOT NULL,
    kind character varying(50) NOT NULL,
    office_jurisdiction character varying(12) NOT NULL,
    reference character varying(100) NOT NULL,
    status character varying(20) NOT NULL,
    approved boolean,
    opinion text,
    opened_by character varying(200) NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    closed_by character varying(200),
    closed_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT pk_batches PRIMARY KEY (id)
);

CREATE TABLE idempotency_records (
    user_id character varying(100) NOT NULL,
    key character varying(200) NOT NULL,
    request_hash character(64) NOT NULL,
    status_code integer NOT NULL,
    content_type character varying(100),
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_idempotency_records PRIMARY KEY (user_id, key)
);

CREATE TABLE projects (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    definition_id character varying(100) NOT NULL,
    province_code character varying(12) NOT NULL,
    city_code character varying(12) NOT NULL,
    county_code character varying(12) NOT NULL,
    town_code character varying(12) NOT NULL,
    implementing_entity_id character varying(100) NOT NULL,
    area numeric(14,2) NOT NULL,
    status character varying(20) NOT NULL,
    instance_id uuid,
    facts text NOT NULL,
    materials text NOT NULL,
    created_by character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    audit_head character(64) NOT NULL,
    audit_count integer NOT NULL,
    CONSTRAINT pk_projects PRIMARY KEY (id),
    CONSTRAINT fk_projects_organisations_implementing_entity_id FOREIGN KEY (implementing_entity_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE TABLE attachments (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    task_id uuid,
    purpose character varying(20) NOT NULL,
    material character varying(200),
    file_name character varying(255) NOT NULL,
    content_type character varying(100) NOT NULL,
    size bigint NOT NULL,
    sha256 character(64) NOT NULL,
    storage character varying(20) NOT NULL,
    content bytea,
    uploaded_by character varying(200) NOT NULL,
    uploaded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_attachments PRIMARY KEY (id),
    CONSTRAINT fk_attachments_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE consent_meetings (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    village_code character varying(12) NOT NULL,
    rule character varying(50) NOT NULL,
    body character varying(50) NOT NULL,
    meeting_date date NOT NULL,
    notice_date date,
    electorate integer NOT NULL,
    attendance integer NOT NULL,
    yes integer NOT NULL,
    no integer NOT NULL,
    abstain integer NOT NULL,
    minutes_attachment_id uuid,
    valid boolean NOT NULL,
    passed boolean NOT NULL,
    summary text NOT NULL,
    supersedes_id uuid,
    reason text,
    recorded_by character varying(200) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_consent_meetings PRIMARY KEY (id),
    CONSTRAINT fk_consent_meetings_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE project_sub_projects (
    project_id uuid NOT NULL,
    key character varying(100) NOT NULL,
    name character varying(200) NOT NULL,
    department_code character varying(50) NOT NULL,
    plan character varying(20) NOT NULL,
    description text,
    CONSTRAINT pk_project_sub_projects PRIMARY KEY (project_id, key),
    CONSTRAINT fk_project_sub_projects_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE project_villages (
    project_id uuid NOT NULL,
    code character varying(12) NOT NULL,
    name character varying(100) NOT NULL,
    electorate integer NOT NULL,
    households integer NOT NULL,
    representatives integer,
    CONSTRAINT pk_project_villages PRIMARY KEY (project_id, code),
    CONSTRAINT fk_project_villages_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE batch_members (
    batch_id uuid NOT NULL,
    instance_id uuid NOT NULL,
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

ALTER TABLE workflow_tasks ADD assigned_to character varying(100);

ALTER TABLE workflow_tasks ADD assigned_to_name character varying(100);

ALTER TABLE workflow_tasks ADD assigned_at timestamp with time zone;
