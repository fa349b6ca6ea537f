-- What Xero sent: since March 2026 Xero bills egress above a plan's monthly allowance. Counted per call, failed and
-- repeated calls included: bytes as they came over the wire (gzip, the body only; headers are not counted) and the
-- same bodies decoded, since Xero has not published which of the two it bills.
ALTER TABLE xero_sync.sync_run
    ADD COLUMN bytes bigint NOT NULL DEFAULT 0,
    ADD COLUMN decoded_bytes bigint NOT NULL DEFAULT 0;

-- Per organisation and calendar month (UTC): the sum of its runs' bytes and calls in that month. Written in the
-- transactions that write sync_run's progress and end, so the two agree whatever stops the process.
CREATE TABLE xero_sync.egress_monthly (
    tenant_id      text NOT NULL,
    month          date NOT NULL CHECK (month = date_trunc('month', month)),
    wire_bytes     bigint NOT NULL DEFAULT 0,
    decoded_bytes  bigint NOT NULL DEFAULT 0,
    calls          bigint NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, month)
);

-- APIs that fetch only changes but reload everything now and then (to see records Xero deleted for good): when the
-- last full reload of the API for the organisation started.
ALTER TABLE xero_sync.sync_cursors ADD COLUMN full_reload_at timestamptz;
