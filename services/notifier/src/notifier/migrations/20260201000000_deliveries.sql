-- migrate:up
-- One row per (trigger event, template): the unique key is what makes an email go out once.
CREATE TABLE deliveries (
    id                uuid PRIMARY KEY,
    trigger_event_id  uuid        NOT NULL,
    template          text        NOT NULL,
    template_version  integer     NOT NULL,
    lpse              text        NOT NULL,
    correlation_id    uuid        NOT NULL,
    recipient         text        NOT NULL,
    subject           text        NOT NULL,
    status            text        NOT NULL,
    attempts          integer     NOT NULL DEFAULT 0,
    last_error        text,
    message_id        text        NOT NULL,
    created_at        timestamptz NOT NULL,
    sent_at           timestamptz,
    UNIQUE (trigger_event_id, template)
);
CREATE INDEX deliveries_case ON deliveries (correlation_id, created_at);

-- migrate:down
DROP TABLE deliveries;
