-- Xero reports (accounting.reports.read) as long rows: one row per report run (its parameters, period, basis and raw
-- JSON), and one row per cell: section, row label, column header, value (numeric where it is a number) and the account
-- the cell links to. A run's cells are replaced together with it.
CREATE TABLE xero.report_runs (
    tenant_id         text NOT NULL,
    -- the API that fetched it, e.g. profit-and-loss, balance-sheet, aged-receivables
    report            text NOT NULL,
    -- the call's parameters (fromDate=…&toDate=…&paymentsOnly=true), or the ReportID of a published report
    variant           text NOT NULL,
    report_id         text,
    report_name       text,
    report_type       text,
    report_titles     jsonb,
    report_date       text,
    period_start      date,
    period_end        date,
    -- accrual (Xero's default: dated by the document) or cash (paymentsOnly=true: dated by the payment)
    basis             text NOT NULL,
    contact_id        text,
    updated_date_utc  timestamptz,
    raw               jsonb NOT NULL,
    fetched_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, report, variant)
);

CREATE TABLE xero.report_rows (
    tenant_id      text NOT NULL,
    report         text NOT NULL,
    variant        text NOT NULL,
    row_number     integer NOT NULL,
    column_number  integer NOT NULL,
    section        text,
    -- Row or SummaryRow
    row_type       text NOT NULL,
    row_label      text,
    column_header  text,
    value_text     text,
    value          numeric,
    account_id     text,
    attributes     jsonb,
    PRIMARY KEY (tenant_id, report, variant, row_number, column_number),
    FOREIGN KEY (tenant_id, report, variant) REFERENCES xero.report_runs (tenant_id, report, variant) ON DELETE CASCADE
);
CREATE INDEX report_rows_account_idx ON xero.report_rows (tenant_id, account_id);

-- Profit and loss by month and basis: each account's amount in each month's report.
CREATE VIEW xero_bi.profit_and_loss_by_month AS
SELECT r.tenant_id, r.basis, r.period_start AS month, w.section, w.row_label AS account, w.account_id, w.value AS amount
FROM xero.report_runs r
JOIN xero.report_rows w USING (tenant_id, report, variant)
WHERE r.report = 'profit-and-loss' AND w.row_type = 'Row' AND w.column_number = 1 AND w.value IS NOT NULL;

-- Balance sheet as at each month's end, by basis.
CREATE VIEW xero_bi.balance_sheet_by_month AS
SELECT r.tenant_id, r.basis, r.period_end AS as_at, w.section, w.row_label AS account, w.account_id, w.value AS balance
FROM xero.report_runs r
JOIN xero.report_rows w USING (tenant_id, report, variant)
WHERE r.report = 'balance-sheet' AND w.row_type = 'Row' AND w.column_number = 1 AND w.value IS NOT NULL;
