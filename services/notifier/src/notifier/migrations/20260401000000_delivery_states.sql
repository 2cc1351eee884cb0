-- migrate:up
-- Deliveries keep what was sent (so operators can prove it and staff can resend it) and their retry state.
ALTER TABLE deliveries
    ADD COLUMN language         text        NOT NULL DEFAULT 'id',
    ADD COLUMN sender           text        NOT NULL DEFAULT '',
    ADD COLUMN text_body        text        NOT NULL DEFAULT '',
    ADD COLUMN html_body        text        NOT NULL DEFAULT '',
    ADD COLUMN next_attempt_at  timestamptz,
    ADD COLUMN last_attempt_at  timestamptz,
    ADD COLUMN lease_until      timestamptz,
    ADD COLUMN resend_of        uuid REFERENCES deliveries (id),
    ADD COLUMN requested_by     text;
-- One email per (event, template); a resend by staff is a new, deliberate delivery.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_trigger_event_id_template_key;
CREATE UNIQUE INDEX deliveries_once ON deliveries (trigger_event_id, template) WHERE resend_of IS NULL;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('created', 'temporary_failure', 'sending');
CREATE INDEX deliveries_rate ON deliveries (sender, last_attempt_at);

-- Addresses a mail server refused for good: not tried again until the address changes or staff lift it.
CREATE TABLE suppressions (
    address      text PRIMARY KEY,
    reason       text        NOT NULL,
    delivery_id  uuid REFERENCES deliveries (id),
    created_at   timestamptz NOT NULL
);

-- migrate:down
DROP TABLE suppressions;
DROP INDEX deliveries_rate;
DROP INDEX deliveries_due;
DROP INDEX deliveries_once;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_trigger_event_id_template_key UNIQUE (trigger_event_id, template);
ALTER TABLE deliveries DROP COLUMN requested_by, DROP COLUMN resend_of, DROP COLUMN lease_until,
    DROP COLUMN last_attempt_at, DROP COLUMN next_attempt_at, DROP COLUMN html_body, DROP COLUMN text_body,
    DROP COLUMN sender, DROP COLUMN language;
