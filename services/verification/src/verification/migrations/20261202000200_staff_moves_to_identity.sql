-- migrate:up
-- Staff accounts now live in the identity service's schema (read through its granted directory functions);
-- a case's assignee is a username there, no longer a foreign key here.
ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_assignee_fkey;
DROP TABLE staff;

-- migrate:down
CREATE TABLE staff (
    username       text PRIMARY KEY,
    name           text        NOT NULL,
    full_name      text        NOT NULL,
    role           text        NOT NULL,
    lpse           text        NOT NULL,
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
