-- migrate:up
-- The ticket desk (issue 11): a ticket climbs its LPSE's ladder (level), is claimed under a 30-minute lease
-- (holder, lease_until), may be forwarded to LKPP (forwarded_from, lkpp_ref), and reopened until reopen_until.
-- Its status page is reached by a random token whose SHA-256 alone is kept (status_digest); status_url is the
-- sealed link the facts carry, so later facts can carry it too.
ALTER TABLE tickets
    ALTER COLUMN reporter_email DROP NOT NULL,
    ADD COLUMN category_label  text        NOT NULL DEFAULT '',
    ADD COLUMN service_id      text,
    ADD COLUMN level           text        NOT NULL DEFAULT 'helpdesk'
        CHECK (level IN ('helpdesk', 'admin_ppe', 'lkpp')),
    ADD COLUMN level_label     text        NOT NULL DEFAULT 'Helpdesk LPSE',
    ADD COLUMN reporter_role   text        NOT NULL DEFAULT 'penyedia',
    ADD COLUMN reporter_name   text        NOT NULL DEFAULT '',
    ADD COLUMN reporter_phone  text        NOT NULL DEFAULT '',
    ADD COLUMN channel         text        NOT NULL DEFAULT 'web',
    ADD COLUMN language        text        NOT NULL DEFAULT 'id',
    ADD COLUMN opened_by       text        NOT NULL DEFAULT 'pelapor',
    ADD COLUMN status_url      text        NOT NULL DEFAULT '',
    ADD COLUMN status_digest   text UNIQUE,
    ADD COLUMN deadline_text   text        NOT NULL DEFAULT '',
    ADD COLUMN holder          text,
    ADD COLUMN lease_until     timestamptz,
    ADD COLUMN forwarded_from  text,
    ADD COLUMN resolved_level  text,
    ADD COLUMN lkpp_ref        text,
    ADD COLUMN reopen_until    timestamptz,
    ADD COLUMN reopen_count    integer     NOT NULL DEFAULT 0,
    ADD COLUMN closed_at       timestamptz,
    ADD COLUMN claimed_levels  text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN clock_note      text        NOT NULL DEFAULT '',
    ADD COLUMN queue_due       timestamptz NOT NULL DEFAULT 'infinity';

UPDATE tickets SET status = 'queued' WHERE status = 'open';

ALTER TABLE tickets
    ADD COLUMN closed boolean GENERATED ALWAYS AS (status IN ('resolved', 'closed', 'rated')) STORED;

DROP INDEX tickets_lpse_status;
CREATE INDEX tickets_queue_order ON tickets (lpse, level, closed, queue_due, opened_at, id);
CREATE INDEX tickets_forwarded ON tickets (lpse, forwarded_from) WHERE level = 'lkpp';
CREATE UNIQUE INDEX tickets_lkpp_ref ON tickets (lkpp_ref) WHERE lkpp_ref IS NOT NULL;

-- Replies, requests, answers and internal notes: kept here only (no fact carries them). kind says who reads it:
-- catatan_internal, alasan_eskalasi and catatan_lkpp are for staff; the rest the reporter reads too.
CREATE TABLE ticket_messages (
    id         uuid PRIMARY KEY,
    ticket_id  uuid        NOT NULL REFERENCES tickets (id),
    kind       text        NOT NULL CHECK (kind IN ('balasan_petugas', 'balasan_pelapor', 'permintaan_info',
                   'catatan_internal', 'alasan_eskalasi', 'catatan_lkpp', 'jawaban_lkpp', 'penyelesaian',
                   'alasan_buka_kembali', 'alasan_penutupan')),
    author     text        NOT NULL,
    body       text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, at);

-- Clocks of a case (case_kind 'tiket' here; written over (case_kind, case_id) so complaints reuse them).
CREATE TABLE case_clocks (
    case_kind          text             NOT NULL,
    case_id            uuid             NOT NULL,
    name               text             NOT NULL,
    label              text             NOT NULL,
    unit               text,
    working            boolean          NOT NULL,
    status             text             NOT NULL CHECK (status IN ('running', 'paused', 'stopped')),
    started_at         timestamptz      NOT NULL,
    due_at             timestamptz,
    remaining_seconds  double precision,
    stopped_at         timestamptz,
    service_id         text,
    deadline_text      text             NOT NULL DEFAULT '',
    PRIMARY KEY (case_kind, case_id, name)
);

-- queue_due: the nearest running clock's due instant ('infinity' when none runs), kept by a trigger so every path
-- that starts, pauses, resumes or stops a clock keeps the queue's sort key right.
CREATE FUNCTION tickets_refresh_queue_due() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.case_kind = 'tiket' THEN
        UPDATE tickets SET queue_due = COALESCE(
            (SELECT min(due_at) FROM case_clocks
             WHERE case_kind = 'tiket' AND case_id = NEW.case_id AND status = 'running'), 'infinity')
        WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER case_clocks_queue_due AFTER INSERT OR UPDATE OF status, due_at ON case_clocks
    FOR EACH ROW EXECUTE FUNCTION tickets_refresh_queue_due();

-- Attachments: the bytes live in the object store at <ticket_id>/<sha256>; the row says what they are.
CREATE TABLE ticket_attachments (
    ticket_id     uuid        NOT NULL REFERENCES tickets (id),
    n             integer     NOT NULL CHECK (n BETWEEN 1 AND 3),
    filename      text        NOT NULL,
    content_type  text        NOT NULL,
    size          integer     NOT NULL,
    sha256        text        NOT NULL,
    object_name   text        NOT NULL,
    added_at      timestamptz NOT NULL,
    PRIMARY KEY (ticket_id, n)
);

-- One rating per closed ticket; the comment stays here.
CREATE TABLE ticket_ratings (
    ticket_id  uuid PRIMARY KEY REFERENCES tickets (id),
    rating     integer     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    text        NOT NULL DEFAULT '',
    rated_at   timestamptz NOT NULL
);

-- migrate:down
DROP TABLE ticket_ratings;
DROP TABLE ticket_attachments;
DROP TRIGGER case_clocks_queue_due ON case_clocks;
DROP FUNCTION tickets_refresh_queue_due();
DROP TABLE case_clocks;
DROP TABLE ticket_messages;
DROP INDEX tickets_lkpp_ref;
DROP INDEX tickets_forwarded;
DROP INDEX tickets_queue_order;
ALTER TABLE tickets DROP COLUMN closed;
UPDATE tickets SET status = 'open' WHERE status = 'queued';
CREATE INDEX tickets_lpse_status ON tickets (lpse, status, opened_at);
ALTER TABLE tickets
    DROP COLUMN queue_due, DROP COLUMN clock_note, DROP COLUMN claimed_levels, DROP COLUMN closed_at,
    DROP COLUMN reopen_count, DROP COLUMN reopen_until, DROP COLUMN lkpp_ref, DROP COLUMN resolved_level,
    DROP COLUMN forwarded_from, DROP COLUMN lease_until, DROP COLUMN holder, DROP COLUMN deadline_text,
    DROP COLUMN status_digest, DROP COLUMN status_url, DROP COLUMN opened_by, DROP COLUMN language,
    DROP COLUMN channel, DROP COLUMN reporter_phone, DROP COLUMN reporter_name, DROP COLUMN reporter_role,
    DROP COLUMN level_label, DROP COLUMN level, DROP COLUMN service_id, DROP COLUMN category_label;
