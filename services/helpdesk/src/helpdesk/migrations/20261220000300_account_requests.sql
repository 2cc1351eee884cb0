-- migrate:up
-- Requests for internal accounts and auditor access (Depok DPK-2a/2b/2e/3a, Temanggung TMG-2, Magelang MGL-O).
-- The person's data and documents stay here; facts on the bus carry identifiers, codes and the username only.
CREATE TABLE account_requests (
    id                uuid        PRIMARY KEY,
    lpse              text        NOT NULL,
    reference         text        NOT NULL UNIQUE,
    submission_key    uuid        NOT NULL UNIQUE,
    status_digest     text        NOT NULL UNIQUE,  -- sha256 of the status page token; the token is never stored
    service_id        text        NOT NULL,
    kind              text        NOT NULL,
    path              text        NOT NULL,         -- eskalasi | berjenjang | inaproc (from the service's profile)
    officer           text        NOT NULL,         -- the role that makes the account
    role              text        NOT NULL,
    status            text        NOT NULL,
    channel           text        NOT NULL DEFAULT 'web',
    name              text        NOT NULL,
    nip               text        NOT NULL,
    unit              text        NOT NULL,
    email             text,
    phone             text        NOT NULL,
    language          text        NOT NULL DEFAULT 'id',
    change_kind       text,
    target_username   text,                         -- DPK-2e: the account to change
    new_email         text,
    agency_type       text,
    agency_name       text,
    tenders           text[]      NOT NULL DEFAULT '{}',
    access_from       date,
    access_until      date,
    username          text,                         -- given by the officer (or the target of a change)
    holder            text,
    lease_until       timestamptz,
    prepared_by       text,
    checked_by        text,
    missing           text[]      NOT NULL DEFAULT '{}',
    reason            text,
    received_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX account_requests_queue ON account_requests (lpse, status, received_at);

-- The documents the service lists, as uploaded (at most a few files of 5 MB each per request).
CREATE TABLE account_request_documents (
    request_id    uuid        NOT NULL REFERENCES account_requests (id),
    code          text        NOT NULL,
    filename      text        NOT NULL,
    content_type  text        NOT NULL,
    size          integer     NOT NULL,
    sha256        text        NOT NULL,
    content       bytea       NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    PRIMARY KEY (request_id, code)
);

-- The request's clock: one round per submission (a returned file stops it; a resubmission starts it afresh).
CREATE TABLE account_request_clocks (
    request_id         uuid        NOT NULL REFERENCES account_requests (id),
    round              integer     NOT NULL,
    name               text        NOT NULL,
    label              text        NOT NULL,
    deadline_text      text        NOT NULL,
    working            boolean     NOT NULL,
    unit               text,
    status             text        NOT NULL,
    started_at         timestamptz NOT NULL,
    due_at             timestamptz,
    remaining_seconds  double precision,
    stopped_at         timestamptz,
    breached_at        timestamptz,
    PRIMARY KEY (request_id, round)
);

-- Each step as the requester's status page shows it: what, who, when.
CREATE TABLE account_request_steps (
    id          bigserial   PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES account_requests (id),
    step        text        NOT NULL,
    actor       text        NOT NULL,
    actor_role  text        NOT NULL,
    note        text,
    at          timestamptz NOT NULL
);
CREATE INDEX account_request_steps_of ON account_request_steps (request_id, id);

-- migrate:down
DROP TABLE account_request_steps;
DROP TABLE account_request_clocks;
DROP TABLE account_request_documents;
DROP TABLE account_requests;
