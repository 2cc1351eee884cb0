-- migrate:up
-- What the status page shows beyond the steps: the service deadline, and what a returned file needs.
ALTER TABLE applications
    ADD COLUMN due_at          timestamptz,
    ADD COLUMN deadline_text   text,
    ADD COLUMN returned_items  jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN returned_at     timestamptz,
    ADD COLUMN resubmitted_at  timestamptz;

-- migrate:down
ALTER TABLE applications DROP COLUMN resubmitted_at, DROP COLUMN returned_at, DROP COLUMN returned_items,
    DROP COLUMN deadline_text, DROP COLUMN due_at;
