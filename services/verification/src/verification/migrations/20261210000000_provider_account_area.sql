-- migrate:up
-- The provider's account after activation: its data as it changes, its own sessions, its requests and its history.

-- The data a request may change (DPK-1b "alamat, nomor telepon, nomor pengukuhan PKP, … direksi"; BJM-3 CV → PT
-- changes the provider type), and deactivation (BJM-5, or by the LPSE with a reason).
ALTER TABLE providers
    ADD COLUMN provider_type        text,
    ADD COLUMN director_name        text,
    ADD COLUMN address              text NOT NULL DEFAULT '',
    ADD COLUMN phone                text NOT NULL DEFAULT '',
    ADD COLUMN pkp_number           text NOT NULL DEFAULT '',
    ADD COLUMN deactivated_at       timestamptz,
    ADD COLUMN deactivated_by       text CHECK (deactivated_by IN ('permohonan', 'lpse')),
    ADD COLUMN deactivation_reason  text;
UPDATE providers p SET provider_type = c.provider_type, director_name = c.director_name
FROM cases c WHERE c.id = p.case_id;
ALTER TABLE providers ALTER COLUMN provider_type SET NOT NULL, ALTER COLUMN director_name SET NOT NULL;
CREATE INDEX providers_npwp ON providers (npwp);
CREATE INDEX providers_email ON providers (lower(email));

-- A provider's signed-in session (cookie lpse_penyedia), apart from staff's: only the token's digest is kept, and
-- deactivating the account ends every session it has.
CREATE TABLE provider_sessions (
    token_hash    text PRIMARY KEY,
    provider_id   uuid        NOT NULL REFERENCES providers (id),
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    ended_at      timestamptz
);
CREATE INDEX provider_sessions_live ON provider_sessions (provider_id) WHERE ended_at IS NULL;

-- Failed provider sign-ins, for the back-off (keys are keyed digests of the user ID typed and of the client).
CREATE TABLE provider_sign_in_failures (
    key             text PRIMARY KEY,
    count           integer     NOT NULL,
    last_failed_at  timestamptz NOT NULL,
    locked_until    timestamptz
);

-- A provider's request about its account, worked like a case (counter visit, claim, checklist, return, decision).
CREATE TABLE account_requests (
    id               uuid PRIMARY KEY,
    reference        text        NOT NULL UNIQUE,
    provider_id      uuid        NOT NULL REFERENCES providers (id),
    lpse             text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('email', 'npwp', 'status_badan_usaha', 'data', 'nonaktif',
                                                          'aktif_kembali', 'agregasi')),
    service_id       text        NOT NULL,
    channel          text        NOT NULL CHECK (channel IN ('web', 'loket')),
    status           text        NOT NULL,
    changes          jsonb       NOT NULL DEFAULT '{}',  -- the new values asked for (field → value)
    reason           text        NOT NULL DEFAULT '',    -- why (deactivation, reactivation), as the provider wrote it
    by_proxy         boolean     NOT NULL DEFAULT false,
    documents        jsonb       NOT NULL DEFAULT '[]',  -- uploads by reference: code, name, object, sha256, size
    checklist        jsonb       NOT NULL DEFAULT '{}',  -- document code → finding
    returned_items   jsonb       NOT NULL DEFAULT '[]',
    decision_reason  text,
    assignee         text,
    lease_until      timestamptz,
    filed_at         timestamptz NOT NULL,
    checked_in_at    timestamptz,
    handed_over_at   timestamptz,
    decided_at       timestamptz,
    decided_by       text,
    lkpp_request_ref text,
    updated_at       timestamptz NOT NULL
);
-- One open request per account: a second is refused naming the open one.
CREATE UNIQUE INDEX account_requests_one_open ON account_requests (provider_id)
    WHERE status IN ('menunggu_bukti_email', 'menunggu_kunjungan', 'hadir', 'antre', 'diperiksa', 'dikembalikan');
CREATE INDEX account_requests_queue ON account_requests (lpse, status, filed_at);

-- An email change's proof: a one-time link to the new address (only the token's digest is kept).
CREATE TABLE email_proofs (
    token_hash   text PRIMARY KEY,
    request_id   uuid        NOT NULL REFERENCES account_requests (id),
    new_email    text        NOT NULL,
    expires_at   timestamptz NOT NULL,
    proven_at    timestamptz
);

-- The clocks of a request, as case_clocks are of a case.
CREATE TABLE account_request_clocks (
    request_id         uuid        NOT NULL REFERENCES account_requests (id),
    name               text        NOT NULL,
    label              text        NOT NULL,
    deadline_text      text        NOT NULL,
    working            boolean     NOT NULL,
    status             text        NOT NULL,
    started_at         timestamptz NOT NULL,
    due_at             timestamptz,
    remaining_seconds  double precision,
    stopped_at         timestamptz,
    breached_at        timestamptz,
    PRIMARY KEY (request_id, name)
);
CREATE INDEX account_request_clocks_due ON account_request_clocks (due_at) WHERE status = 'running';

-- Every change the account went through, as its provider reads it on /akun/ (and staff on /staf/penyedia/{id}).
CREATE TABLE account_history (
    id           bigserial   PRIMARY KEY,
    provider_id  uuid        NOT NULL REFERENCES providers (id),
    at           timestamptz NOT NULL,
    what         text        NOT NULL,  -- e.g. "Email diubah", "Akun dinonaktifkan oleh LPSE"
    detail       text        NOT NULL DEFAULT '',  -- before → after, masked where the value is a NPWP
    actor        text        NOT NULL,  -- "Anda", "Verifikator LPSE Kota Banjarmasin", "LKPP"
    request_id   uuid REFERENCES account_requests (id)
);
CREATE INDEX account_history_of ON account_history (provider_id, at DESC, id DESC);

-- migrate:down
DROP TABLE account_history;
DROP TABLE account_request_clocks;
DROP TABLE email_proofs;
DROP TABLE account_requests;
DROP TABLE provider_sign_in_failures;
DROP TABLE provider_sessions;
DROP INDEX providers_email;
DROP INDEX providers_npwp;
ALTER TABLE providers DROP COLUMN deactivation_reason, DROP COLUMN deactivated_by, DROP COLUMN deactivated_at,
    DROP COLUMN pkp_number, DROP COLUMN phone, DROP COLUMN address, DROP COLUMN director_name,
    DROP COLUMN provider_type;
