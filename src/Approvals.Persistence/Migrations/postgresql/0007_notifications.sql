-- 0007 in-app notifications: messages delivered to an organisation's list, once per message and recipient.

CREATE TABLE notifications (
    id uuid NOT NULL,
    message_id uuid NOT NULL,
    recipient_kind character varying(20) NOT NULL,
    recipient_code character varying(100) NOT NULL,
    recipient_jurisdiction character varying(100) NOT NULL,
    message_type character varying(200) NOT NULL,
    title character varying(300) NOT NULL,
    project_id character varying(100) NOT NULL,
    project_name character varying(200) NOT NULL,
    task_id uuid,
    due_at timestamp with time zone,
    body text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone NOT NULL,
    read_at timestamp with time zone,
    read_by character varying(200),
    CONSTRAINT pk_notifications PRIMARY KEY (id)
);

CREATE INDEX ix_notifications_recipient_kind_recipient_code_recipie_d9adc472 ON notifications (recipient_kind, recipient_code, recipient_jurisdiction, occurred_at);

CREATE UNIQUE INDEX ux_notifications_message_id_recipient_kind_recipient_c_7b33e564 ON notifications (message_id, recipient_kind, recipient_code, recipient_jurisdiction);
