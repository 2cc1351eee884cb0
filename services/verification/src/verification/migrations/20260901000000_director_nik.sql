-- migrate:up
-- The director's NIK, checked against the KTP at verification.
ALTER TABLE cases ADD COLUMN director_nik text;

-- migrate:down
ALTER TABLE cases DROP COLUMN director_nik;
