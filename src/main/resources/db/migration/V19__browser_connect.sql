-- The admin's browser connect flow (OAuth 2.0 authorization code, /admin).

-- Each authorize request's state: the callback must bring back one issued here, once, within its lifetime (CSRF).
CREATE TABLE xero_sync.oauth_states (
    state       text PRIMARY KEY,
    scopes      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- What the admin chose that outlives a process: the permissions to ask for ('scopes').
CREATE TABLE xero_sync.admin_settings (
    key         text PRIMARY KEY,
    value       text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Xero's id of the connection of each organisation (GET /connections: id), to disconnect it (DELETE /connections/{id}).
ALTER TABLE xero_sync.tenants ADD COLUMN xero_connection_id text;

-- A grant whose last organisation was disconnected by the admin: its tokens are revoked and erased.
ALTER TABLE xero_sync.connections DROP CONSTRAINT connections_status_check;
ALTER TABLE xero_sync.connections ADD CONSTRAINT connections_status_check
    CHECK (status IN ('active', 'needs_reauthorisation', 'disconnected'));
