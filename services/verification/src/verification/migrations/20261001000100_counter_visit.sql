-- migrate:up
-- How the file is verified (the service standard's verification_mode when the case opened), and the counter
-- visit: when the applicant checked in and when, and to whom, the file was handed over (the clock starts then).
ALTER TABLE cases
    ADD COLUMN verification_mode text NOT NULL DEFAULT 'unggahan' CHECK (verification_mode IN ('loket', 'unggahan')),
    ADD COLUMN checked_in_at     timestamptz,
    ADD COLUMN handed_over_at    timestamptz,
    ADD COLUMN handed_over_to    text;

-- migrate:down
ALTER TABLE cases DROP COLUMN handed_over_to, DROP COLUMN handed_over_at, DROP COLUMN checked_in_at,
    DROP COLUMN verification_mode;
