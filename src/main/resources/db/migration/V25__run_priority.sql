-- What a run's calls ranked as in its organisation's day of calls (transactions, settings, reports or backfill), and
-- how many records Xero said its listing holds (a paged listing's itemCount), so that the admin page can draw the day
-- by priority and tell when a backfill will finish. Runs recorded before have neither.
ALTER TABLE xero_sync.sync_run ADD COLUMN priority text;
ALTER TABLE xero_sync.sync_run ADD COLUMN expected_records integer;
CREATE INDEX sync_run_tenant_started_idx ON xero_sync.sync_run (tenant_id, started_at);
