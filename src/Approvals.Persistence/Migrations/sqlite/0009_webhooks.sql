-- 0009 outbound webhooks per organisation, and each message's delivery to one (pending, delivered or dead).

CREATE TABLE webhook_deliveries (
    id TEXT NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
    message_id TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    available_at INTEGER NOT NULL,
    lease_owner TEXT NULL,
    lease_expires_at INTEGER NULL,
    last_status_code INTEGER NULL,
    last_error TEXT NULL,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER NULL
);

CREATE TABLE webhooks (
    organisation_id TEXT NOT NULL CONSTRAINT pk_webhooks PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT fk_webhooks_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE
);

CREATE INDEX ix_webhook_deliveries_organisation_id_status ON webhook_deliveries (organisation_id, status);

CREATE INDEX ix_webhook_deliveries_status_available_at ON webhook_deliveries (status, available_at);

CREATE UNIQUE INDEX ux_webhook_deliveries_message_id_organisation_id ON webhook_deliveries (message_id, organisation_id);
