-- migrate:up
-- Agregasi data penyedia (ADP): where the provider account stands in LKPP's aggregation.
ALTER TABLE providers
    ADD COLUMN aggregation_status  text NOT NULL DEFAULT 'none',
    ADD COLUMN aggregation_ref     text UNIQUE,
    ADD COLUMN aggregation_reason  text,
    ADD COLUMN lkpp_ref            text,
    ADD COLUMN aggregated_at       timestamptz;

-- migrate:down
ALTER TABLE providers DROP COLUMN aggregated_at, DROP COLUMN lkpp_ref, DROP COLUMN aggregation_reason,
    DROP COLUMN aggregation_ref, DROP COLUMN aggregation_status;
