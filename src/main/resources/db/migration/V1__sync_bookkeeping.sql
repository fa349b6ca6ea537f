-- Bookkeeping of the sync itself, apart from the synced data (schema xero).

-- One authorisation: a refresh-token grant (covers the organisations the admin picked) or a custom connection.
CREATE TABLE xero_sync.connections (
    connection_id      text PRIMARY KEY,
    auth_mode          text NOT NULL CHECK (auth_mode IN ('refresh_token', 'client_credentials', 'sandbox')),
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reauthorisation')),
    refresh_token      text,
    -- fingerprint of the refresh token this connection was seeded from (XERO_REFRESH_TOKEN), to notice a new one
    seeded_from        text,
    access_token       text,
    access_expires_at  timestamptz,
    refreshed_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- The organisations (Xero tenants) a connection reaches, from GET /connections.
CREATE TABLE xero_sync.tenants (
    tenant_id      text PRIMARY KEY,
    connection_id  text NOT NULL REFERENCES xero_sync.connections (connection_id),
    tenant_name    text,
    tenant_type    text,
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disconnected')),
    connected_at   timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Where each API's incremental sync of each organisation stands. Written in the same transaction as the rows it covers.
-- modified_since complete: every record updated at or before modified_since is stored;
-- not complete (a run stopped inside a page boundary): every record updated strictly before it is.
CREATE TABLE xero_sync.sync_cursors (
    tenant_id       text NOT NULL,
    api             text NOT NULL,
    modified_since  timestamptz NOT NULL,
    complete        boolean NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, api)
);

-- One row per run of one API for one organisation.
CREATE TABLE xero_sync.sync_run (
    run_id       bigserial PRIMARY KEY,
    api          text NOT NULL,
    tenant_id    text NOT NULL,
    status       text NOT NULL CHECK (status IN ('running', 'success', 'failed')),
    records      integer NOT NULL DEFAULT 0,
    pages        integer NOT NULL DEFAULT 0,
    api_calls    integer NOT NULL DEFAULT 0,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    error        text
);
CREATE INDEX sync_run_api_tenant_idx ON xero_sync.sync_run (api, tenant_id, started_at DESC);

-- What the error channel recorded: every failure of an API, for an organisation when it got that far.
CREATE TABLE xero_sync.sync_failure (
    failure_id   bigserial PRIMARY KEY,
    api          text NOT NULL,
    tenant_id    text,
    run_id       bigint REFERENCES xero_sync.sync_run (run_id),
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    http_status  integer,
    error_type   text NOT NULL,
    message      text NOT NULL
);
CREATE INDEX sync_failure_api_idx ON xero_sync.sync_failure (api, occurred_at DESC);
