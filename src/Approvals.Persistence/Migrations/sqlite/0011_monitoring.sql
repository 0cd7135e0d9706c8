-- 0011 monitoring: working days each task took (rankings, step durations), what closed when, and frozen rankings.

ALTER TABLE workflow_tasks ADD COLUMN working_days_taken INTEGER NULL;

CREATE INDEX "ix_workflow_tasks_status_closed_at" ON "workflow_tasks" ("status", "closed_at");

CREATE TABLE "ranking_snapshots" (
    "id" TEXT NOT NULL CONSTRAINT "pk_ranking_snapshots" PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "frozen_at" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "ux_ranking_snapshots_scope_dimension_period" ON "ranking_snapshots" ("scope", "dimension", "period");
