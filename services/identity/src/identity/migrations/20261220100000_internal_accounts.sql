-- migrate:up
-- Internal accounts made on an approved helpdesk request (DPK-2a/2b/3a, TMG-2): the request they came from, and for
-- an APIP/APH auditor (DPK-3a) the instant the access ends by itself. Such an account starts without a password
-- (NULL: nothing matches it) until the person sets one by the emailed single-use link.
ALTER TABLE staff_accounts
    ADD COLUMN request_id uuid,
    ADD COLUMN expires_at timestamptz,
    ALTER COLUMN password_hash DROP NOT NULL;

-- The set-password links: only the token's SHA-256 is kept; a link is used once and dies after its validity.
CREATE TABLE set_password_links (
    digest      text PRIMARY KEY,
    username    text        NOT NULL REFERENCES staff_accounts (username) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX set_password_links_user ON set_password_links (username);

-- The session check, now also closed at the account's end of access: a live session stops working at that instant
-- even before the expiry timer disables the account.
CREATE OR REPLACE FUNCTION session_principal(p_digest text, p_now timestamptz)
RETURNS TABLE (username text, name text, full_name text, grants text[])
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = identity, pg_temp AS $$
    UPDATE staff_sessions s SET last_seen_at = GREATEST(s.last_seen_at, p_now)
    FROM staff_accounts a
    WHERE s.digest = p_digest AND a.username = s.username AND a.active AND s.revoked_at IS NULL
      AND p_now < s.expires_at AND p_now < s.last_seen_at + s.idle_timeout
      AND (a.expires_at IS NULL OR p_now < a.expires_at)
    RETURNING a.username, a.name, a.full_name,
        ARRAY(SELECT r.role || '@' || r.lpse FROM staff_roles r WHERE r.username = a.username ORDER BY r.role, r.lpse)
$$;

-- migrate:down
CREATE OR REPLACE FUNCTION session_principal(p_digest text, p_now timestamptz)
RETURNS TABLE (username text, name text, full_name text, grants text[])
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = identity, pg_temp AS $$
    UPDATE staff_sessions s SET last_seen_at = GREATEST(s.last_seen_at, p_now)
    FROM staff_accounts a
    WHERE s.digest = p_digest AND a.username = s.username AND a.active AND s.revoked_at IS NULL
      AND p_now < s.expires_at AND p_now < s.last_seen_at + s.idle_timeout
    RETURNING a.username, a.name, a.full_name,
        ARRAY(SELECT r.role || '@' || r.lpse FROM staff_roles r WHERE r.username = a.username ORDER BY r.role, r.lpse)
$$;
DROP TABLE set_password_links;
UPDATE staff_accounts SET password_hash = '!' WHERE password_hash IS NULL;
ALTER TABLE staff_accounts ALTER COLUMN password_hash SET NOT NULL, DROP COLUMN expires_at, DROP COLUMN request_id;
