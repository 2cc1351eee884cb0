-- migrate:up
-- A forensic test escalated "ke LKPP dan BSSN" (DPK-2d) is one row per (escalation, party): LKPP's and BSSN's
-- forwards are retried and recorded apart, so one party being down never holds the other's.
ALTER TABLE forwards RENAME COLUMN ticket_id TO case_id;
ALTER TABLE forwards RENAME COLUMN lkpp_ref TO external_ref;
ALTER INDEX forwards_ticket RENAME TO forwards_case;
ALTER TABLE forwards
    ADD COLUMN kind text NOT NULL DEFAULT 'ticket' CHECK (kind IN ('ticket', 'forensic')),
    -- The endpoint under the party's API (`…/tiket`, `…/forensik`); the API's address itself is a setting, read at
    -- each attempt, so a corrected LKPP_API_URL or BSSN_API_URL reaches the forwards already waiting.
    ADD COLUMN target text NOT NULL DEFAULT 'tiket' CHECK (target IN ('tiket', 'forensik')),
    ADD COLUMN idempotency_key text,
    ADD COLUMN finding text,  -- the party's answer by signed callback (forensic tests), masked and cut
    ADD COLUMN answered_at timestamptz,
    ADD CONSTRAINT forwards_party CHECK (party IN ('lkpp', 'bssn'));
UPDATE forwards SET idempotency_key = escalation_event_id::text;  -- a ticket keeps the key it was first sent with
ALTER TABLE forwards ALTER COLUMN idempotency_key SET NOT NULL;
ALTER TABLE forwards DROP CONSTRAINT forwards_pkey, ADD PRIMARY KEY (escalation_event_id, party);
CREATE INDEX forwards_external_ref ON forwards (party, external_ref) WHERE kind = 'forensic';

-- migrate:down
DROP INDEX forwards_external_ref;
DELETE FROM forwards WHERE kind = 'forensic';
ALTER TABLE forwards DROP CONSTRAINT forwards_pkey, ADD PRIMARY KEY (escalation_event_id);
ALTER TABLE forwards DROP CONSTRAINT forwards_party, DROP COLUMN answered_at, DROP COLUMN finding,
    DROP COLUMN idempotency_key, DROP COLUMN target, DROP COLUMN kind;
ALTER INDEX forwards_case RENAME TO forwards_ticket;
ALTER TABLE forwards RENAME COLUMN external_ref TO lkpp_ref;
ALTER TABLE forwards RENAME COLUMN case_id TO ticket_id;
