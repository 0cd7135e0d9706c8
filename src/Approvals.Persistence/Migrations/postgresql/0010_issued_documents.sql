-- 0010 issued documents (letters), kept unchanged with their SHA-256, numbered per issuer and year without gaps.

CREATE TABLE document_counters (
    issuer_id character varying(100) NOT NULL,
    year integer NOT NULL,
    next_serial integer NOT NULL,
    CONSTRAINT pk_document_counters PRIMARY KEY (issuer_id, year)
);

CREATE TABLE issued_documents (
    id uuid NOT NULL,
    letter_request_id uuid NOT NULL,
    document character varying(100) NOT NULL,
    issuer_id character varying(100) NOT NULL,
    year integer NOT NULL,
    serial integer NOT NULL,
    number character varying(150) NOT NULL,
    title character varying(300) NOT NULL,
    project_id character varying(100) NOT NULL,
    instance_id uuid NOT NULL,
    item_key character varying(100),
    content bytea NOT NULL,
    sha256 character(64) NOT NULL,
    size bigint NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_issued_documents PRIMARY KEY (id)
);

CREATE INDEX ix_issued_documents_project_id ON issued_documents (project_id);

CREATE INDEX ix_issued_documents_sha256 ON issued_documents (sha256);

CREATE UNIQUE INDEX ux_issued_documents_issuer_id_year_serial ON issued_documents (issuer_id, year, serial);

CREATE UNIQUE INDEX ux_issued_documents_letter_request_id ON issued_documents (letter_request_id);
