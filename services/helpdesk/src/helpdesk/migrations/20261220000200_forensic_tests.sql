-- migrate:up
-- Forensic tests of bid files (uji forensik, Depok DPK-2d). The files stay unaltered in the HELPDESK_FORENSIC
-- object-store bucket; their SHA-256, computed while they were received, is kept here and checked on every read.
CREATE TABLE forensic_tests (
    id                uuid        PRIMARY KEY,
    lpse              text        NOT NULL,
    reference         text        NOT NULL UNIQUE,
    submission_key    uuid        NOT NULL UNIQUE,
    status_digest     text        NOT NULL UNIQUE,  -- sha256 of the status page token; the token is never stored
    service_id        text        NOT NULL,
    status            text        NOT NULL,
    holder            text,
    held_until        timestamptz,
    channel           text        NOT NULL,
    filed_by          text,                         -- the signed-in Pokja's username; NULL at the counter
    recorded_by       text,                         -- the Helpdesk who recorded a counter request
    requester_name    text        NOT NULL,
    requester_nip     text        NOT NULL,
    requester_email   text,
    tender_id         text        NOT NULL,
    tender_name       text        NOT NULL,
    description       text        NOT NULL,
    missing           text[]      NOT NULL DEFAULT '{}',
    return_note       text        NOT NULL DEFAULT '',
    trial_note        text        NOT NULL DEFAULT '',
    trial_outcome     text,
    external_note     text        NOT NULL DEFAULT '',
    refusal           text        NOT NULL DEFAULT '',
    result            text        NOT NULL DEFAULT '',
    clock_started_at  timestamptz,
    clock_due_at      timestamptz,
    clock_stopped_at  timestamptz,
    clock_breached_at timestamptz,
    report_number     text UNIQUE,
    report_sha256     text,
    report_name       text,
    filed_at          timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX forensic_tests_by_lpse ON forensic_tests (lpse, status);
CREATE INDEX forensic_tests_by_filer ON forensic_tests (filed_by);

-- Each file as received: where it lives in the bucket and its digest (the form is kept like the files).
CREATE TABLE forensic_files (
    test_id     uuid        NOT NULL REFERENCES forensic_tests (id),
    seq         integer     NOT NULL,
    role        text        NOT NULL CHECK (role IN ('formulir', 'berkas')),
    name        text        NOT NULL,
    size        bigint      NOT NULL CHECK (size > 0),
    sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    object_name text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (test_id, seq)
);

-- LKPP's and BSSN's word on a case, one row per party (forwarded, answered or refused).
CREATE TABLE forensic_parties (
    test_id      uuid        NOT NULL REFERENCES forensic_tests (id),
    party        text        NOT NULL CHECK (party IN ('lkpp', 'bssn')),
    state        text        NOT NULL CHECK (state IN ('dikirim', 'diterima', 'dijawab', 'ditolak')),
    external_ref text,
    finding      text        NOT NULL DEFAULT '',
    refusal      text        NOT NULL DEFAULT '',
    at           timestamptz NOT NULL,
    PRIMARY KEY (test_id, party)
);

-- Every step as the berita acara lists it: what, who by full name (from the session), when.
CREATE TABLE forensic_steps (
    id         bigserial   PRIMARY KEY,
    test_id    uuid        NOT NULL REFERENCES forensic_tests (id),
    what       text        NOT NULL,
    actor_id   text        NOT NULL,
    actor_name text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX forensic_steps_by_test ON forensic_steps (test_id, id);

-- The report numbers of each LPSE and year: BA-UF/<code>/<year>/<seq>.
CREATE TABLE forensic_report_numbers (
    lpse  text    NOT NULL,
    year  integer NOT NULL,
    last  integer NOT NULL,
    PRIMARY KEY (lpse, year)
);

-- migrate:down
DROP TABLE forensic_report_numbers;
DROP TABLE forensic_steps;
DROP TABLE forensic_parties;
DROP TABLE forensic_files;
DROP TABLE forensic_tests;
