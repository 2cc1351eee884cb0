-- migrate:up
-- The officer's full name as it is signed on the receipt and the berita acara (the short name stays for the
-- console). Existing accounts start from their short name until they are seeded again.
ALTER TABLE staff ADD COLUMN full_name text;
UPDATE staff SET full_name = name;
ALTER TABLE staff ALTER COLUMN full_name SET NOT NULL;

-- migrate:down
ALTER TABLE staff DROP COLUMN full_name;
