-- migrate:up
-- A stable id for each account (the correlation id of its facts, which outlive a username), and whether its
-- password was set by the platform administrator and must be replaced by the person at the next sign-in.
ALTER TABLE staff_accounts
    ADD COLUMN account_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- migrate:down
ALTER TABLE staff_accounts DROP COLUMN must_change_password, DROP COLUMN account_id;
