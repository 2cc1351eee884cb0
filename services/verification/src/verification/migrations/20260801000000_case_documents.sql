-- migrate:up
-- The documents the applicant uploaded, by reference (the registration service keeps the content).
ALTER TABLE cases ADD COLUMN documents jsonb NOT NULL DEFAULT '[]';

-- migrate:down
ALTER TABLE cases DROP COLUMN documents;
