-- 0010 issued documents (letters), kept unchanged with their SHA-256, numbered per issuer and year without gaps.

CREATE TABLE document_counters (
    issuer_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    next_serial INTEGER NOT NULL,
    CONSTRAINT pk_document_counters PRIMARY KEY (issuer_id, year)
);

CREATE TABLE issued_documents (
    id TEXT NOT NULL CONSTRAINT pk_issued_documents PRIMARY KEY,
    letter_request_id TEXT NOT NULL,
    document TEXT NOT NULL,
    issuer_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    project_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    item_key TEXT NULL,
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    issued_at INTEGER NOT NULL
);

CREATE INDEX ix_issued_documents_project_id ON issued_documents (project_id);

CREATE INDEX ix_issued_documents_sha256 ON issued_documents (sha256);

CREATE UNIQUE INDEX ux_issued_documents_issuer_id_year_serial ON issued_documents (issuer_id, year, serial);

CREATE UNIQUE INDEX ux_issued_documents_letter_request_id ON issued_documents (letter_request_id);
