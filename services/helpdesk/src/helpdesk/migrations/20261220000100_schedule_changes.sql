-- migrate:up
-- Ubah jadwal (Depok DPK-2c): a Pokja's request to move one stage of a tender. The names, NIP, reason and letters
-- stay here; the facts on the bus carry the tender id, the stage, the times and the sealed status link.
CREATE TABLE schedule_changes (
    id                  uuid        PRIMARY KEY,
    lpse                text        NOT NULL,
    reference           text        NOT NULL UNIQUE,
    submission_key      uuid        NOT NULL UNIQUE,
    status_digest       text        NOT NULL UNIQUE,  -- sha256 of the status page token; the token is never stored
    service_id          text        NOT NULL,
    channel             text        NOT NULL,
    status              text        NOT NULL,
    holder              text,
    lease_until         timestamptz,
    tender_id           text        NOT NULL,
    tender_name         text        NOT NULL,
    stage               text        NOT NULL CHECK (stage IN ('batas_akhir_upload', 'awal_pembukaan_penawaran')),
    old_at              timestamptz NOT NULL,
    new_at              timestamptz NOT NULL,
    reason              text        NOT NULL,
    requester_username  text,                          -- the signed-in Pokja; NULL when recorded at the counter
    requester_name      text        NOT NULL,
    requester_nip       text,                          -- typed at the counter
    requester_email     text        NOT NULL,
    recorded_by         text,
    missing             text[]      NOT NULL DEFAULT '{}',
    return_note         text        NOT NULL DEFAULT '',
    refusal_reason      text        NOT NULL DEFAULT '',
    set_at              timestamptz,                   -- the time as set in SPSE (the product)
    changed_in_spse_at  timestamptz,
    within_deadline     boolean,
    -- the one clock of DPK-2c: 15 minutes of working time from a complete submission to the decision
    clock_started_at    timestamptz,
    due_at              timestamptz,
    clock_stopped_at    timestamptz,
    breached_at         timestamptz,
    filed_at            timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
-- At most one open request per tender of an LPSE: the form refuses a second, the index settles a race.
CREATE UNIQUE INDEX schedule_changes_one_open ON schedule_changes (lpse, tender_id)
    WHERE status IN ('diajukan', 'dikembalikan', 'dieskalasi');
CREATE INDEX schedule_changes_queue ON schedule_changes (lpse, status, due_at);

-- The signed request letters, each kept in the object store at jadwal/<id>/<sha256>.
CREATE TABLE schedule_change_letters (
    change_id     uuid        NOT NULL REFERENCES schedule_changes (id),
    n             integer     NOT NULL,
    filename      text        NOT NULL,
    content_type  text        NOT NULL,
    size          integer     NOT NULL,
    sha256        text        NOT NULL,
    object_name   text        NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    PRIMARY KEY (change_id, n)
);

-- migrate:down
DROP TABLE schedule_change_letters;
DROP TABLE schedule_changes;
