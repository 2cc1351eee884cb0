-- migrate:up
CREATE TABLE staff (
    username       text PRIMARY KEY,
    name           text        NOT NULL,
    role           text        NOT NULL,
    lpse           text        NOT NULL,
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cases (
    id                uuid PRIMARY KEY,
    application_id    uuid        NOT NULL UNIQUE,
    lpse              text        NOT NULL,
    status            text        NOT NULL,
    reference         text        NOT NULL,
    provider_type     text        NOT NULL,
    company_name      text        NOT NULL,
    npwp              text        NOT NULL,
    nib               text        NOT NULL,
    applicant_email   text        NOT NULL,
    director_name     text        NOT NULL,
    status_url        text        NOT NULL,
    assignee          text REFERENCES staff (username),
    opened_by_event   uuid        NOT NULL,
    opened_at         timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX cases_queue ON cases (lpse, status, opened_at);

-- The provider registry: one account per activated provider; the user ID is unique across LPSEs.
CREATE TABLE providers (
    id                    uuid PRIMARY KEY,
    user_id               text        NOT NULL,
    lpse                  text        NOT NULL,
    case_id               uuid        NOT NULL UNIQUE REFERENCES cases (id),
    company_name          text        NOT NULL,
    npwp                  text        NOT NULL,
    nib                   text        NOT NULL,
    email                 text        NOT NULL,
    status                text        NOT NULL,
    password_hash         text,
    activated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX providers_user_id ON providers (upper(user_id));

-- One-time set-password links: only the token's hash is kept.
CREATE TABLE password_tokens (
    token_hash   text PRIMARY KEY,
    provider_id  uuid        NOT NULL REFERENCES providers (id),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

-- migrate:down
DROP TABLE password_tokens;
DROP TABLE providers;
DROP TABLE cases;
DROP TABLE staff;
