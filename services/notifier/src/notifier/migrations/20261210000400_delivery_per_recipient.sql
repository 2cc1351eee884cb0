-- migrate:up
-- One fact may write to several people (a deadline breach reaches every head of the LPSE with an address): one
-- delivery per (trigger event, template, recipient). Every earlier fact had one recipient, so no row collides.
DROP INDEX deliveries_once;
CREATE UNIQUE INDEX deliveries_once ON deliveries (trigger_event_id, template, recipient) WHERE resend_of IS NULL;

-- migrate:down
DROP INDEX deliveries_once;
CREATE UNIQUE INDEX deliveries_once ON deliveries (trigger_event_id, template) WHERE resend_of IS NULL;
