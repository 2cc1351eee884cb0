-- migrate:up
-- Whether the file is brought by someone the director empowered (the checklist then asks the proxy documents).
ALTER TABLE cases ADD COLUMN by_proxy boolean NOT NULL DEFAULT false;

-- migrate:down
ALTER TABLE cases DROP COLUMN by_proxy;
