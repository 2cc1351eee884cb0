-- migrate:up
-- Who verified the file, so that a second officer (never the same one) confirms where the standard asks it.
ALTER TABLE cases ADD COLUMN verified_by text;

-- migrate:down
ALTER TABLE cases DROP COLUMN verified_by;
