-- migrate:up
-- Wake the timer worker when a timer is scheduled (NOTIFY is delivered at commit): one already due fires at once.
CREATE FUNCTION timers_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_timers', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER timers_notify AFTER INSERT ON timers FOR EACH STATEMENT EXECUTE FUNCTION timers_notify();

-- migrate:down
DROP TRIGGER timers_notify ON timers;
DROP FUNCTION timers_notify();
