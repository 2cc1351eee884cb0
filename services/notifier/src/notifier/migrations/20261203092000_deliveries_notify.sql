-- migrate:up
-- Wake the sender as soon as a transaction that recorded deliveries commits, instead of at its next poll.
CREATE FUNCTION deliveries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_deliveries', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER deliveries_notify AFTER INSERT ON deliveries FOR EACH STATEMENT EXECUTE FUNCTION deliveries_notify();

-- migrate:down
DROP TRIGGER deliveries_notify ON deliveries;
DROP FUNCTION deliveries_notify();
