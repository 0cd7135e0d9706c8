-- 0006 written votes (书面表决): a village's vote taken by ballots, one per member (or household), where the rule
-- allows it; closed into a consent meeting record.

CREATE TABLE consent_written_votes (
    id TEXT NOT NULL CONSTRAINT pk_consent_written_votes PRIMARY KEY,
    project_id TEXT NOT NULL,
    village_code TEXT NOT NULL,
    rule TEXT NOT NULL,
    basis TEXT NOT NULL,
    notice_date TEXT NULL,
    electorate INTEGER NOT NULL,
    status TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_by TEXT NULL,
    closed_at INTEGER NULL,
    meeting_id TEXT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_consent_written_votes_projects_project_id FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);

CREATE TABLE consent_ballots (
    id TEXT NOT NULL CONSTRAINT pk_consent_ballots PRIMARY KEY,
    vote_id TEXT NOT NULL,
    member TEXT NOT NULL,
    household TEXT NOT NULL,
    choice TEXT NOT NULL,
    proxy TEXT NULL,
    proxy_household TEXT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    CONSTRAINT fk_consent_ballots_consent_written_votes_vote_id FOREIGN KEY (vote_id) REFERENCES consent_written_votes (id) ON DELETE CASCADE
);

CREATE INDEX ix_consent_ballots_vote_id_household ON consent_ballots (vote_id, household);

CREATE UNIQUE INDEX ux_consent_ballots_vote_id_member ON consent_ballots (vote_id, member);

CREATE INDEX ix_consent_written_votes_project_id_village_code_status ON consent_written_votes (project_id, village_code, status);
