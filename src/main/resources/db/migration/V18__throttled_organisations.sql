-- When Xero's daily limit for an organisation is used up (429, X-Rate-Limit-Problem: day), the organisation is parked
-- until the limit resets: its runs are recorded as throttled, not failed, its cursors stay where the last stored page
-- left them, and it resumes by itself at the first run after throttled_until.
ALTER TABLE xero_sync.sync_run DROP CONSTRAINT sync_run_status_check;
ALTER TABLE xero_sync.sync_run ADD CONSTRAINT sync_run_status_check
    CHECK (status IN ('running', 'success', 'failed', 'skipped', 'throttled'));

ALTER TABLE xero_sync.tenants ADD COLUMN throttled_until timestamptz;
