-- migrate:up
-- A change of an aggregated provider account (verification's account.changed / deactivated / reactivated) is a third
-- kind of forward: one row per fact, to LKPP's `penyedia/perubahan`, under `<event id>:lkpp`, retried as the others.
ALTER TABLE forwards DROP CONSTRAINT forwards_kind_check, DROP CONSTRAINT forwards_target_check;
ALTER TABLE forwards
    ADD CONSTRAINT forwards_kind_check CHECK (kind IN ('ticket', 'forensic', 'provider_change')),
    ADD CONSTRAINT forwards_target_check CHECK (target IN ('tiket', 'forensik', 'penyedia/perubahan'));

-- migrate:down
DELETE FROM forwards WHERE kind = 'provider_change';
ALTER TABLE forwards DROP CONSTRAINT forwards_kind_check, DROP CONSTRAINT forwards_target_check;
ALTER TABLE forwards
    ADD CONSTRAINT forwards_kind_check CHECK (kind IN ('ticket', 'forensic')),
    ADD CONSTRAINT forwards_target_check CHECK (target IN ('tiket', 'forensik'));
