-- migrate:up
-- The counter visit as the status page follows it: invited, checked in, file handed over (the clock starts then),
-- and what the invitation asked the applicant to bring.
ALTER TABLE applications
    ADD COLUMN counter_step  text CHECK (counter_step IN ('invited', 'checked_in', 'handed_over')),
    ADD COLUMN counter_bring jsonb NOT NULL DEFAULT '[]';

-- migrate:down
ALTER TABLE applications DROP COLUMN counter_bring, DROP COLUMN counter_step;
