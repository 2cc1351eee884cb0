-- migrate:up
CREATE TABLE applications (
    id                 uuid PRIMARY KEY,
    lpse               text        NOT NULL,
    reference          text        NOT NULL UNIQUE,
    submission_key     uuid        NOT NULL UNIQUE,
    status_token_hash  text        NOT NULL UNIQUE,
    status             text        NOT NULL,
    provider_type      text        NOT NULL,
    company_name       text        NOT NULL,
    npwp               text        NOT NULL,
    nib                text        NOT NULL,
    email              text        NOT NULL,
    director_name      text        NOT NULL,
    user_id            text,
    submitted_at       timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX applications_lpse_status ON applications (lpse, status);

-- What the applicant's status page lists: each step reached, when.
CREATE TABLE application_steps (
    id              bigserial PRIMARY KEY,
    application_id  uuid        NOT NULL REFERENCES applications (id),
    status          text        NOT NULL,
    at              timestamptz NOT NULL,
    note            text
);
CREATE INDEX application_steps_application ON application_steps (application_id, id);

-- migrate:down
DROP TABLE application_steps;
DROP TABLE applications;
