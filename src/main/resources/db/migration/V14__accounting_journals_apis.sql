-- Xero permission scope accounting.journals.read (optional): the general ledger, accrual and cash basis.

-- GET /Journals?offset=N: the general ledger, 100 per call, resumed after the last JournalNumber stored (journals never change).
CREATE TABLE xero.journals (
    tenant_id text NOT NULL,
    journal_id text NOT NULL,
    journal_date date,
    journal_number integer,
    created_date_utc timestamptz,
    reference text,
    source_id text,
    source_type text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, journal_id)
);

-- Journals' JournalLines, replaced together with their parent.
CREATE TABLE xero.journal_lines (
    tenant_id text NOT NULL,
    journal_id text NOT NULL,
    line_number integer NOT NULL,
    journal_line_id text,
    account_id text,
    account_code text,
    account_type text,
    account_name text,
    description text,
    net_amount numeric,
    gross_amount numeric,
    tax_amount numeric,
    tax_type text,
    tax_name text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking_categories jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, journal_id, line_number),
    FOREIGN KEY (tenant_id, journal_id) REFERENCES xero.journals (tenant_id, journal_id) ON DELETE CASCADE
);

-- GET /Journals?paymentsOnly=true&offset=N: the cash-basis journals, in their own tables.
CREATE TABLE xero.cash_journals (
    tenant_id text NOT NULL,
    journal_id text NOT NULL,
    journal_date date,
    journal_number integer,
    created_date_utc timestamptz,
    reference text,
    source_id text,
    source_type text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, journal_id)
);

-- Journals' JournalLines, replaced together with their parent.
CREATE TABLE xero.cash_journal_lines (
    tenant_id text NOT NULL,
    journal_id text NOT NULL,
    line_number integer NOT NULL,
    journal_line_id text,
    account_id text,
    account_code text,
    account_type text,
    account_name text,
    description text,
    net_amount numeric,
    gross_amount numeric,
    tax_amount numeric,
    tax_type text,
    tax_name text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking_categories jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, journal_id, line_number),
    FOREIGN KEY (tenant_id, journal_id) REFERENCES xero.cash_journals (tenant_id, journal_id) ON DELETE CASCADE
);
