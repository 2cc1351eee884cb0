-- migrate:up
-- The receipt an LPSE issues at activation (Depok's Lembar Bukti Verifikasi, Magelang's berita acara / ceklis).
CREATE TABLE receipts (
    case_id     uuid PRIMARY KEY REFERENCES cases (id),
    title       text        NOT NULL,
    filename    text        NOT NULL,
    content     bytea       NOT NULL,
    sha256      text        NOT NULL,
    created_at  timestamptz NOT NULL
);

-- migrate:down
DROP TABLE receipts;
