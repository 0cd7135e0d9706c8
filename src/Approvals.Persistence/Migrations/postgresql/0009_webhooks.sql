-- 0009 outbound webhooks per organisation, and each message's delivery to one (pending, delivered or dead).

CREATE TABLE webhook_deliveries (
    id uuid NOT NULL,
    message_id uuid NOT NULL,
    organisation_id character varying(100) NOT NULL,
    url character varying(500) NOT NULL,
    body text NOT NULL,
    status character varying(20) NOT NULL,
    attempts integer NOT NULL,
    available_at timestamp with time zone NOT NULL,
    lease_owner character varying(200),
    lease_expires_at timestamp with time zone,
    last_status_code integer,
    last_error text,
    created_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id)
);

CREATE TABLE webhooks (
    organisation_id character varying(100) NOT NULL,
    url character varying(500) NOT NULL,
    secret character varying(200) NOT NULL,
    enabled boolean NOT NULL,
    max_attempts integer NOT NULL,
    updated_by character varying(200) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_webhooks PRIMARY KEY (organisation_id),
    CONSTRAINT fk_webhooks_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE
);

CREATE INDEX ix_webhook_deliveries_organisation_id_status ON webhook_deliveries (organisation_id, status);

CREATE INDEX ix_webhook_deliveries_status_available_at ON webhook_deliveries (status, available_at);

CREATE UNIQUE INDEX ux_webhook_deliveries_message_id_organisation_id ON webhook_deliveries (message_id, organisation_id);
