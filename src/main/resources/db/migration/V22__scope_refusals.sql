-- APIs Xero refused an organisation for a missing permission (401 AuthorizationUnsuccessful, again with a freshly
-- refreshed token): a refresh does not cure it, only connecting again with the permission does. Later runs of that
-- API for that organisation are skipped without calling Xero while the connection's scopes are those it had then
-- (scopes); a new grant of the connection (connecting again) deletes its rows.
CREATE TABLE xero_sync.scope_refusals (
    tenant_id      text NOT NULL,
    api            text NOT NULL,
    connection_id  text NOT NULL,
    scopes         text,
    message        text NOT NULL,
    refused_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, api)
);
CREATE INDEX scope_refusals_connection_idx ON xero_sync.scope_refusals (connection_id);
