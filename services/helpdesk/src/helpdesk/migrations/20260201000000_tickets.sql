-- migrate:up
CREATE TABLE tickets (
    id              uuid PRIMARY KEY,
    lpse            text        NOT NULL,
    reference       text        NOT NULL UNIQUE,
    submission_key  uuid        NOT NULL UNIQUE,
    category        text        NOT NULL,
    summary         text        NOT NULL,
    description     text        NOT NULL,
    reporter_email  text        NOT NULL,
    status          text        NOT NULL,
    opened_at       timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX tickets_lpse_status ON tickets (lpse, status, opened_at);

-- migrate:down
DROP TABLE tickets;
