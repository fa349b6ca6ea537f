-- What the admin page, the status command and operators ask first: each API's latest run for each organisation, and
-- each organisation's state in one row. Defined once here instead of in every query that needs them.
CREATE INDEX sync_run_latest_idx ON xero_sync.sync_run (api, tenant_id, run_id DESC);

CREATE VIEW xero_sync.latest_runs AS
SELECT DISTINCT ON (api, tenant_id) *
FROM xero_sync.sync_run
ORDER BY api, tenant_id, run_id DESC;

-- One row per organisation: its status (the connection's when that is not active), when it was connected, its last
-- successful run, and how many APIs' latest run succeeded or failed.
CREATE VIEW xero_sync.organisation_status AS
SELECT t.tenant_id,
       t.tenant_name,
       t.status AS tenant_status,
       c.status AS connection_status,
       CASE WHEN c.status <> 'active' THEN c.status ELSE t.status END AS status,
       t.connected_at,
       (SELECT max(r.finished_at) FROM xero_sync.sync_run r WHERE r.tenant_id = t.tenant_id AND r.status = 'success')
           AS last_success,
       count(l.api) FILTER (WHERE l.status = 'success') AS apis_ok,
       count(l.api) FILTER (WHERE l.status = 'failed') AS apis_failing
FROM xero_sync.tenants t
JOIN xero_sync.connections c USING (connection_id)
LEFT JOIN xero_sync.latest_runs l ON l.tenant_id = t.tenant_id
GROUP BY t.tenant_id, t.tenant_name, t.status, c.status, t.connected_at;
