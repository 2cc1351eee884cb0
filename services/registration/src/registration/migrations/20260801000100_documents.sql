-- migrate:up
-- What was uploaded for each required document: metadata here, the content in the object store.
CREATE TABLE documents (
    draft_id      uuid        NOT NULL REFERENCES drafts (id),
    code          text        NOT NULL,
    filename      text        NOT NULL,
    content_type  text        NOT NULL,
    size          integer     NOT NULL,
    sha256        text        NOT NULL,
    object_name   text        NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    PRIMARY KEY (draft_id, code)
);

-- migrate:down
DROP TABLE documents;
