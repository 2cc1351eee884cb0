-- migrate:up
-- Complaints (pengaduan): what the complainant wrote stays here; facts on the bus carry identifiers and flags only.
CREATE TABLE complaints (
    id                  uuid PRIMARY KEY,
    lpse                text        NOT NULL,
    reference           text        NOT NULL UNIQUE,
    submission_key      uuid        NOT NULL UNIQUE,
    status_digest       text        NOT NULL UNIQUE,  -- sha256 of the status page token; the token is never stored
    service_id          text        NOT NULL,
    status              text        NOT NULL,
    level               integer     NOT NULL DEFAULT 0,
    holder              text,
    channel             text        NOT NULL DEFAULT 'web',
    name                text        NOT NULL,
    address             text        NOT NULL DEFAULT '',
    email               text,
    language            text        NOT NULL DEFAULT 'id',
    service_date        date        NOT NULL,
    description         text        NOT NULL,
    losses              text        NOT NULL DEFAULT '',
    remedy              text        NOT NULL DEFAULT '',
    place               text        NOT NULL DEFAULT '',
    declaration         boolean     NOT NULL DEFAULT false,
    signature           text        NOT NULL DEFAULT '',
    late                boolean     NOT NULL,
    days_since_service  integer     NOT NULL,
    content_complete    boolean,
    missing             text[]      NOT NULL DEFAULT '{}',
    received_at         timestamptz NOT NULL,
    responded_at        timestamptz,
    resolved_at         timestamptz,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX complaints_queue ON complaints (lpse, status, received_at);

-- The clocks running on a complaint (Banjarmasin: tanggapan and respon; Magelang: respon).
CREATE TABLE complaint_clocks (
    complaint_id       uuid        NOT NULL REFERENCES complaints (id),
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
    PRIMARY KEY (complaint_id, name)
);

-- What was written after the complaint: responses, resolution, LKPP's outcome, the complainant's completions and
-- replies, and internal notes (never shown to the complainant).
CREATE TABLE complaint_messages (
    id            bigserial   PRIMARY KEY,
    complaint_id  uuid        NOT NULL REFERENCES complaints (id),
    kind          text        NOT NULL,
    author        text        NOT NULL,
    internal      boolean     NOT NULL DEFAULT false,
    body          text        NOT NULL,
    at            timestamptz NOT NULL
);
CREATE INDEX complaint_messages_of ON complaint_messages (complaint_id, id);

-- migrate:down
DROP TABLE complaint_messages;
DROP TABLE complaint_clocks;
DROP TABLE complaints;
