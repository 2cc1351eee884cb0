-- migrate:up
ALTER TABLE cases ADD COLUMN language text NOT NULL DEFAULT 'id';

-- migrate:down
ALTER TABLE cases DROP COLUMN language;
