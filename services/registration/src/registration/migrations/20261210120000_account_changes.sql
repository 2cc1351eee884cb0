-- migrate:up
-- An activated account's changes reach its application by the user ID stored at activation (unique across LPSEs).
CREATE INDEX applications_user_id ON applications (upper(user_id)) WHERE user_id IS NOT NULL;

-- migrate:down
DROP INDEX applications_user_id;
