-- migrate:up
-- The reference of the helpdesk request an internal account was made on, as its officers and requester know it.
ALTER TABLE staff_accounts ADD COLUMN request_reference text;

-- migrate:down
ALTER TABLE staff_accounts DROP COLUMN request_reference;
