-- migrate:up
-- The staff queue pages through years of cases by keyset on (closed, queue_due, opened_at, id), per LPSE.
-- queue_due is the nearest running clock's due instant ('infinity' when none runs), kept by a trigger on the
-- clocks so every path that starts, pauses, resumes or stops a clock keeps the sort key right.
ALTER TABLE cases
    ADD COLUMN closed boolean GENERATED ALWAYS AS (status IN ('activated', 'rejected')) STORED,
    ADD COLUMN queue_due timestamptz NOT NULL DEFAULT 'infinity';

UPDATE cases c SET queue_due = k.due
FROM (SELECT case_id, min(due_at) AS due FROM case_clocks WHERE status = 'running' GROUP BY case_id) k
WHERE k.case_id = c.id AND k.due IS NOT NULL;

CREATE FUNCTION cases_refresh_queue_due() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE cases SET queue_due = COALESCE(
        (SELECT min(due_at) FROM case_clocks WHERE case_id = NEW.case_id AND status = 'running'), 'infinity')
    WHERE id = NEW.case_id;
    RETURN NULL;
END $$;

CREATE TRIGGER case_clocks_queue_due AFTER INSERT OR UPDATE OF status, due_at ON case_clocks
    FOR EACH ROW EXECUTE FUNCTION cases_refresh_queue_due();

DROP INDEX cases_queue;
CREATE INDEX cases_queue_order ON cases (lpse, closed, queue_due, opened_at, id);
CREATE INDEX cases_queue_status ON cases (lpse, status, closed, queue_due, opened_at, id);
CREATE INDEX cases_reference ON cases (lpse, reference);
CREATE INDEX cases_npwp ON cases (lpse, npwp);
-- Names are searched by the beginnings of their words (full text, 'simple' configuration: no stemming, since
-- company names are proper names).
CREATE INDEX cases_company_name_words ON cases USING gin (to_tsvector('simple', company_name));

-- migrate:down
DROP INDEX cases_company_name_words;
DROP INDEX cases_npwp;
DROP INDEX cases_reference;
DROP INDEX cases_queue_status;
DROP INDEX cases_queue_order;
CREATE INDEX cases_queue ON cases (lpse, status, opened_at);
DROP TRIGGER case_clocks_queue_due ON case_clocks;
DROP FUNCTION cases_refresh_queue_due();
ALTER TABLE cases DROP COLUMN queue_due, DROP COLUMN closed;
