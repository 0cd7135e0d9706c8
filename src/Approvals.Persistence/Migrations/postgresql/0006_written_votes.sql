-- 0006 written votes (书面表决): a village's vote taken by ballots, one per member (or household), where the rule
-- allows it; closed into a consent meeting record.

CREATE TABLE consent_written_votes (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    village_code character varying(12) NOT NULL,
    rule character varying(50) NOT NULL,
    basis character varying(20) NOT NULL,
    notice_date date,
    electorate integer NOT NULL,
    status character varying(20) NOT NULL,
    opened_by character varying(200) NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    closed_by character varying(200),
    closed_at timestamp with time zone,
    meeting_id uuid,
    version integer NOT NULL,
    CONSTRAINT pk_consent_written_votes PRIMARY KEY (id),
    CONSTRAINT fk_consent_written_votes_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE consent_ballots (
    id uuid NOT NULL,
    vote_id uuid NOT NULL,
    member character varying(100) NOT NULL,
    household character varying(100) NOT NULL,
    choice character varying(10) NOT NULL,
    proxy character varying(100),
    proxy_household character varying(100),
    recorded_by character varying(200) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_consent_ballots PRIMARY KEY (id),
    CONSTRAINT fk_consent_ballots_consent_written_votes_vote_id FOREIGN KEY (vote_id) REFERENCES consent_written_votes (id) ON DELETE CASCADE
);

CREATE INDEX ix_consent_ballots_vote_id_household ON consent_ballots (vote_id, household);

CREATE UNIQUE INDEX ux_consent_ballots_vote_id_member ON consent_ballots (vote_id, member);

CREATE INDEX ix_consent_written_votes_project_id_village_code_status ON consent_written_votes (project_id, village_code, status);
