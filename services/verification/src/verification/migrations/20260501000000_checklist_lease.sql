-- migrate:up
ALTER TABLE cases ADD COLUMN lease_until timestamptz;

-- One row per document the standard asks of the applicant's provider type.
CREATE TABLE checklist_items (
    case_id     uuid        NOT NULL REFERENCES cases (id),
    position    integer     NOT NULL,
    code        text        NOT NULL,
    name        text        NOT NULL,
    mandatory   boolean     NOT NULL,
    result      text        NOT NULL DEFAULT 'pending',
    note        text        NOT NULL DEFAULT '',
    checked_by  text,
    checked_at  timestamptz,
    PRIMARY KEY (case_id, code)
);

-- migrate:down
DROP TABLE checklist_items;
ALTER TABLE cases DROP COLUMN lease_until;
