-- The scopes Xero granted a connection (from its token responses), so that an API whose permission is missing is
-- skipped with a message naming it, rather than failing on every run.
ALTER TABLE xero_sync.connections ADD COLUMN scopes text;

ALTER TABLE xero_sync.sync_run DROP CONSTRAINT sync_run_status_check;
ALTER TABLE xero_sync.sync_run ADD CONSTRAINT sync_run_status_check
    CHECK (status IN ('running', 'success', 'failed', 'skipped'));

-- Entities Xero deletes for good vanish from its listings; a full reload marks the rows it no longer saw.
ALTER TABLE xero.accounts ADD COLUMN is_deleted boolean NOT NULL DEFAULT false;
ALTER TABLE xero.accounts ADD COLUMN deleted_at timestamptz;
