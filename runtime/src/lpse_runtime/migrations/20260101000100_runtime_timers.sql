-- migrate:up
-- Durable timers: fired once, in the same transaction as their effect, across restarts and replicas.
CREATE TABLE timers (
    id            uuid PRIMARY KEY,
    kind          text        NOT NULL,
    subject_id    text        NOT NULL,
    clock         text        NOT NULL,
    fire_at       timestamptz NOT NULL,
    payload       jsonb       NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    fired_at      timestamptz,
    cancelled_at  timestamptz
);
CREATE INDEX timers_pending ON timers (fire_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_subject ON timers (subject_id, clock);

-- migrate:down
DROP TABLE timers;
