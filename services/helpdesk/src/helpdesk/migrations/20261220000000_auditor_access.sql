-- migrate:up
-- What an external auditor (APIP/APH, Depok DPK-3a) may read: the tenders and the period named in its request.
-- Written when the auditor-access request completes; the helpdesk checks it on every read (the identity account
-- also ends by itself at the end of the period).
CREATE TABLE auditor_access (
    request_id    uuid        PRIMARY KEY,
    lpse          text        NOT NULL,
    username      text        NOT NULL,
    tenders       text[]      NOT NULL CHECK (cardinality(tenders) > 0),
    access_from   date        NOT NULL,
    access_until  date        NOT NULL CHECK (access_until >= access_from),
    granted_at    timestamptz NOT NULL
);
CREATE INDEX auditor_access_by_user ON auditor_access (lpse, username);

-- migrate:down
DROP TABLE auditor_access;
