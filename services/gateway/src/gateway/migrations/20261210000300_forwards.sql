-- migrate:up
-- One row per escalation to LKPP, keyed by the escalation's event id (also the Idempotency-Key LKPP receives):
-- a redelivered escalation finds its row and adds nothing. The retries live here, not in the stream's redelivery.
CREATE TABLE forwards (
    escalation_event_id  uuid PRIMARY KEY,
    ticket_id            uuid        NOT NULL,
    reference            text        NOT NULL,
    lpse                 text        NOT NULL,
    party                text        NOT NULL DEFAULT 'lkpp',  -- who it goes to (BSSN may join LKPP later)
    body                 text        NOT NULL,
    status               text        NOT NULL CHECK (status IN ('pending', 'sending', 'forwarded', 'refused')),
    attempts             integer     NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz NOT NULL,
    lease_until          timestamptz,
    created_at           timestamptz NOT NULL,
    last_attempt_at      timestamptz,
    decided_at           timestamptz,
    http_status          integer,
    lkpp_ref             text,
    last_error           text
);
CREATE INDEX forwards_due ON forwards (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX forwards_ticket ON forwards (ticket_id);

-- Wake the forwarder as soon as a transaction that recorded an escalation commits, instead of at its next poll.
CREATE FUNCTION forwards_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_forwards', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER forwards_notify AFTER INSERT ON forwards FOR EACH STATEMENT EXECUTE FUNCTION forwards_notify();

-- migrate:down
DROP TRIGGER forwards_notify ON forwards;
DROP FUNCTION forwards_notify();
DROP TABLE forwards;
