-- APIs paged by offset (Journals: JournalNumber) keep a position instead of a version.
ALTER TABLE xero_sync.sync_cursors ALTER COLUMN modified_since DROP NOT NULL;
ALTER TABLE xero_sync.sync_cursors ADD COLUMN position bigint;
ALTER TABLE xero_sync.sync_cursors ADD CONSTRAINT sync_cursors_version_or_position
    CHECK (modified_since IS NOT NULL OR position IS NOT NULL);
