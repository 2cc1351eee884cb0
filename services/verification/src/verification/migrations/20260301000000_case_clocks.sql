-- migrate:up
-- Every clock that applies to a case, from its LPSE's service standard.
CREATE TABLE case_clocks (
    case_id            uuid        NOT NULL REFERENCES cases (id),
    name               text        NOT NULL,
    label              text        NOT NULL,
    deadline_text      text        NOT NULL,
    working            boolean     NOT NULL,
    status             text        NOT NULL,
    started_at         timestamptz NOT NULL,
    due_at             timestamptz,
    remaining_seconds  double precision,
    stopped_at         timestamptz,
    breached_at        timestamptz,
    PRIMARY KEY (case_id, name)
);
CREATE INDEX case_clocks_due ON case_clocks (due_at) WHERE status = 'running';

ALTER TABLE cases ADD COLUMN service_id text NOT NULL DEFAULT '';

-- migrate:down
ALTER TABLE cases DROP COLUMN service_id;
DROP TABLE case_clocks;
