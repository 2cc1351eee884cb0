-- migrate:up
-- A registration starts with the email: the form is reached through the private link sent there, and what is
-- entered is kept as a draft until it is submitted.
CREATE TABLE drafts (
    id                    uuid PRIMARY KEY,
    lpse                  text        NOT NULL,
    email                 text        NOT NULL,
    token_hash            text        NOT NULL UNIQUE,
    fields                jsonb       NOT NULL DEFAULT '{}',
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    email_verified_at     timestamptz,
    saved_at              timestamptz,
    application_id        uuid REFERENCES applications (id)
);
CREATE INDEX applications_npwp ON applications (npwp);
CREATE INDEX applications_nib ON applications (nib);
CREATE INDEX applications_email ON applications (lower(email));

-- migrate:down
DROP INDEX applications_email;
DROP INDEX applications_nib;
DROP INDEX applications_npwp;
DROP TABLE drafts;
