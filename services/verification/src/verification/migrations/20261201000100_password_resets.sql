-- migrate:up
-- A set-password link says why it was issued (activation or a forgotten password) and when.
ALTER TABLE password_tokens
    ADD COLUMN purpose    text        NOT NULL DEFAULT 'activation',
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

-- Every "lupa kata sandi" request, found or not, for the per-account and per-client limits. Neither the typed
-- identifier nor the client address is kept in clear: only keyed digests.
CREATE TABLE password_reset_requests (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL,
    account_key  text        NOT NULL,
    client_key   text        NOT NULL,
    sent         boolean     NOT NULL
);
CREATE INDEX password_reset_requests_account ON password_reset_requests (account_key, at);
CREATE INDEX password_reset_requests_client ON password_reset_requests (client_key, at);

-- migrate:down
DROP TABLE password_reset_requests;
ALTER TABLE password_tokens DROP COLUMN created_at, DROP COLUMN purpose;
