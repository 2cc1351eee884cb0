-- migrate:up
ALTER TABLE applications ADD COLUMN language text NOT NULL DEFAULT 'id';

-- migrate:down
ALTER TABLE applications DROP COLUMN language;
