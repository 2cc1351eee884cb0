-- migrate:up
-- An optional official address per staff account: where deadline breaches reach the head of an LPSE.
ALTER TABLE staff_accounts ADD COLUMN email text;

-- Who holds a role in an LPSE and the address on record, for the notifier to write to (active accounts with an
-- address only). SECURITY DEFINER so the notifier's role reads these three columns and nothing else.
CREATE FUNCTION staff_contacts(p_lpse text, p_role text)
RETURNS TABLE (username text, name text, email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = identity, pg_temp AS $$
    SELECT a.username, a.name, a.email FROM staff_accounts a JOIN staff_roles r ON r.username = a.username
    WHERE r.lpse = p_lpse AND r.role = p_role AND a.active AND a.email IS NOT NULL ORDER BY a.username
$$;
REVOKE ALL ON FUNCTION staff_contacts(text, text) FROM PUBLIC;

-- migrate:down
DROP FUNCTION staff_contacts(text, text);
ALTER TABLE staff_accounts DROP COLUMN email;
