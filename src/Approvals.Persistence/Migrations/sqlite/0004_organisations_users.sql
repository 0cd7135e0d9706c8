-- 0004 organisations, users and Data Protection keys: who signs in, where they belong, and the keys that sign
-- their cookies and tokens (in the database, so every node shares them).

CREATE TABLE data_protection_keys (
    id INTEGER NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NOT NULL,
    xml TEXT NOT NULL
);

CREATE TABLE organisations (
    id TEXT NOT NULL CONSTRAINT pk_organisations PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_id TEXT NULL,
    jurisdiction TEXT NOT NULL,
    department_code TEXT NULL,
    CONSTRAINT fk_organisations_organisations_parent_id FOREIGN KEY (parent_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE TABLE users (
    id TEXT NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    roles TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT fk_users_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE INDEX ix_organisations_jurisdiction_kind ON organisations (jurisdiction, kind);

CREATE INDEX ix_organisations_parent_id ON organisations (parent_id);

CREATE INDEX ix_users_organisation_id ON users (organisation_id);

CREATE UNIQUE INDEX ux_users_user_name ON users (user_name);
