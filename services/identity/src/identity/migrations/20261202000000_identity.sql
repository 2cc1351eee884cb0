-- migrate:up
-- Staff accounts: the one place a staff member's name, full name (signed on receipts) and password live.
CREATE TABLE staff_accounts (
    username             text PRIMARY KEY,
    name                 text        NOT NULL,
    full_name            text        NOT NULL,
    password_hash        text        NOT NULL,
    active               boolean     NOT NULL DEFAULT true,
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    created_at           timestamptz NOT NULL DEFAULT now()
);

-- Roles per LPSE; lpse '*' means every LPSE (the platform administrator, platform operators).
CREATE TABLE staff_roles (
    username  text NOT NULL REFERENCES staff_accounts (username) ON DELETE CASCADE,
    role      text NOT NULL,
    lpse      text NOT NULL,
    PRIMARY KEY (username, role, lpse)
);
CREATE INDEX staff_roles_lpse ON staff_roles (lpse, role);

-- Server-side sessions: the cookie carries a random token, only its SHA-256 is stored.
CREATE TABLE staff_sessions (
    digest        text PRIMARY KEY,
    username      text        NOT NULL REFERENCES staff_accounts (username) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    idle_timeout  interval    NOT NULL,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz
);
CREATE INDEX staff_sessions_user ON staff_sessions (username) WHERE revoked_at IS NULL;

-- Failed sign-ins per key ('akun:<username>' or 'alamat:<client address>'), for the growing back-off.
CREATE TABLE sign_in_failures (
    key             text PRIMARY KEY,
    failures        integer     NOT NULL,
    last_failed_at  timestamptz NOT NULL,
    locked_until    timestamptz
);

-- The session check every other service calls: valid (not revoked, inside its idle and absolute limits, account
-- active) → the principal, and the idle clock moves on. SECURITY DEFINER so callers get this and nothing else.
CREATE FUNCTION session_principal(p_digest text, p_now timestamptz)
RETURNS TABLE (username text, name text, full_name text, grants text[])
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = identity, pg_temp AS $$
    UPDATE staff_sessions s SET last_seen_at = GREATEST(s.last_seen_at, p_now)
    FROM staff_accounts a
    WHERE s.digest = p_digest AND a.username = s.username AND a.active AND s.revoked_at IS NULL
      AND p_now < s.expires_at AND p_now < s.last_seen_at + s.idle_timeout
    RETURNING a.username, a.name, a.full_name,
        ARRAY(SELECT r.role || '@' || r.lpse FROM staff_roles r WHERE r.username = a.username ORDER BY r.role, r.lpse)
$$;

-- The staff directory other services read: who holds a role in an LPSE (reassigning a case), and full names.
CREATE FUNCTION staff_directory(p_lpse text, p_role text)
RETURNS TABLE (username text, name text, full_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = identity, pg_temp AS $$
    SELECT a.username, a.name, a.full_name FROM staff_accounts a JOIN staff_roles r ON r.username = a.username
    WHERE r.lpse = p_lpse AND r.role = p_role AND a.active ORDER BY a.name
$$;

CREATE FUNCTION staff_full_name(p_username text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = identity, pg_temp AS $$
    SELECT full_name FROM staff_accounts WHERE username = p_username
$$;

REVOKE ALL ON FUNCTION session_principal(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION staff_directory(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION staff_full_name(text) FROM PUBLIC;

-- migrate:down
DROP FUNCTION staff_full_name(text);
DROP FUNCTION staff_directory(text, text);
DROP FUNCTION session_principal(text, timestamptz);
DROP TABLE sign_in_failures;
DROP TABLE staff_sessions;
DROP TABLE staff_roles;
DROP TABLE staff_accounts;
