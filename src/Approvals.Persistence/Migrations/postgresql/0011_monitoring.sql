-- 0011 monitoring: working days each task took (rankings, step durations), what closed when, and frozen rankings.

ALTER TABLE workflow_tasks ADD working_days_taken integer;

CREATE INDEX ix_workflow_tasks_status_closed_at ON workflow_tasks (status, closed_at);

CREATE TABLE ranking_snapshots (
    id uuid NOT NULL,
    scope character varying(100) NOT NULL,
    dimension character varying(20) NOT NULL,
    period character varying(10) NOT NULL,
    rows text NOT NULL,
    frozen_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_ranking_snapshots PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ux_ranking_snapshots_scope_dimension_period ON ranking_snapshots (scope, dimension, period);
