-- migrate:up
-- One satisfaction survey (SKM) per closed ticket or resolved complaint: the nine scores of PermenPAN-RB 14/2017,
-- the case's LPSE, when it was answered. The suggestion stays here: no fact or log carries it.
CREATE TABLE survey_responses (
    case_kind     text        NOT NULL CHECK (case_kind IN ('tiket', 'pengaduan')),
    case_id       uuid        NOT NULL,
    lpse          text        NOT NULL,
    u1            smallint    NOT NULL CHECK (u1 BETWEEN 1 AND 4),
    u2            smallint    NOT NULL CHECK (u2 BETWEEN 1 AND 4),
    u3            smallint    NOT NULL CHECK (u3 BETWEEN 1 AND 4),
    u4            smallint    NOT NULL CHECK (u4 BETWEEN 1 AND 4),
    u5            smallint    NOT NULL CHECK (u5 BETWEEN 1 AND 4),
    u6            smallint    NOT NULL CHECK (u6 BETWEEN 1 AND 4),
    u7            smallint    NOT NULL CHECK (u7 BETWEEN 1 AND 4),
    u8            smallint    NOT NULL CHECK (u8 BETWEEN 1 AND 4),
    u9            smallint    NOT NULL CHECK (u9 BETWEEN 1 AND 4),
    suggestion    text        CHECK (char_length(suggestion) <= 2000),
    submitted_at  timestamptz NOT NULL,
    PRIMARY KEY (case_kind, case_id)
);
CREATE INDEX survey_responses_lpse_period ON survey_responses (lpse, submitted_at);

-- migrate:down
DROP TABLE survey_responses;
