-- Xero permission scope accounting.transactions (granular from 2026: invoices, payments, banktransactions,
-- manualjournals, classicexpenses). Columns are filled from the Xero fields of the same name (see README).

-- GET /BankTransactions: spend and receive money.
CREATE TABLE xero.bank_transactions (
    tenant_id text NOT NULL,
    bank_transaction_id text NOT NULL,
    type text,
    is_reconciled boolean,
    date date,
    reference text,
    currency_code text,
    currency_rate numeric,
    url text,
    status text,
    line_amount_types text,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    prepayment_id text,
    overpayment_id text,
    updated_date_utc timestamptz,
    has_attachments boolean,
    contact_id text,
    contact_name text,
    bank_account_id text,
    bank_account_code text,
    bank_account_name text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, bank_transaction_id)
);

CREATE INDEX bank_transactions_updated_idx ON xero.bank_transactions (tenant_id, updated_date_utc);

CREATE INDEX bank_transactions_contact_idx ON xero.bank_transactions (tenant_id, contact_id);

-- BankTransactions' LineItems, replaced together with their parent.
CREATE TABLE xero.bank_transaction_line_items (
    tenant_id text NOT NULL,
    bank_transaction_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    repeating_invoice_id text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, bank_transaction_id, line_number),
    FOREIGN KEY (tenant_id, bank_transaction_id) REFERENCES xero.bank_transactions (tenant_id, bank_transaction_id) ON DELETE CASCADE
);

-- GET /BankTransfers?includeDeleted=true: reloaded every run (their only timestamp is CreatedDateUTC).
CREATE TABLE xero.bank_transfers (
    tenant_id text NOT NULL,
    bank_transfer_id text NOT NULL,
    amount numeric,
    date date,
    currency_rate numeric,
    from_bank_transaction_id text,
    to_bank_transaction_id text,
    from_is_reconciled boolean,
    to_is_reconciled boolean,
    reference text,
    has_attachments boolean,
    created_date_utc timestamptz,
    status text,
    from_bank_account_id text,
    from_bank_account_code text,
    to_bank_account_id text,
    to_bank_account_code text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, bank_transfer_id)
);

-- GET /BatchPayments, with their payments.
CREATE TABLE xero.batch_payments (
    tenant_id text NOT NULL,
    batch_payment_id text NOT NULL,
    reference text,
    particulars text,
    code text,
    details text,
    narrative text,
    date date,
    amount numeric,
    type text,
    status text,
    total_amount numeric,
    updated_date_utc timestamptz,
    is_reconciled boolean,
    account_id text,
    account_code text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, batch_payment_id)
);

CREATE INDEX batch_payments_updated_idx ON xero.batch_payments (tenant_id, updated_date_utc);

-- BatchPayments' Payments, replaced together with their parent.
CREATE TABLE xero.batch_payment_payments (
    tenant_id text NOT NULL,
    batch_payment_id text NOT NULL,
    line_number integer NOT NULL,
    invoice_number text,
    credit_note_number text,
    code text,
    date date,
    currency_rate numeric,
    amount numeric,
    bank_amount numeric,
    reference text,
    is_reconciled boolean,
    status text,
    payment_type text,
    updated_date_utc timestamptz,
    payment_id text,
    bank_account_number text,
    particulars text,
    details text,
    has_account boolean,
    invoice_id text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, batch_payment_id, line_number),
    FOREIGN KEY (tenant_id, batch_payment_id) REFERENCES xero.batch_payments (tenant_id, batch_payment_id) ON DELETE CASCADE
);

-- GET /CreditNotes, with line items and allocations to invoices.
CREATE TABLE xero.credit_notes (
    tenant_id text NOT NULL,
    credit_note_id text NOT NULL,
    type text,
    date date,
    due_date date,
    status text,
    line_amount_types text,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    cis_deduction numeric,
    cis_rate numeric,
    updated_date_utc timestamptz,
    currency_code text,
    fully_paid_on_date date,
    credit_note_number text,
    reference text,
    sent_to_contact boolean,
    currency_rate numeric,
    remaining_credit numeric,
    applied_amount numeric,
    branding_theme_id text,
    has_attachments boolean,
    has_errors boolean,
    contact_id text,
    contact_name text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, credit_note_id)
);

CREATE INDEX credit_notes_updated_idx ON xero.credit_notes (tenant_id, updated_date_utc);

CREATE INDEX credit_notes_contact_idx ON xero.credit_notes (tenant_id, contact_id);

-- CreditNotes' LineItems, replaced together with their parent.
CREATE TABLE xero.credit_note_line_items (
    tenant_id text NOT NULL,
    credit_note_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    repeating_invoice_id text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, credit_note_id, line_number),
    FOREIGN KEY (tenant_id, credit_note_id) REFERENCES xero.credit_notes (tenant_id, credit_note_id) ON DELETE CASCADE
);

-- CreditNotes' Allocations, replaced together with their parent.
CREATE TABLE xero.credit_note_allocations (
    tenant_id text NOT NULL,
    credit_note_id text NOT NULL,
    line_number integer NOT NULL,
    allocation_id text,
    amount numeric,
    date date,
    is_deleted boolean,
    invoice_id text,
    invoice_number text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, credit_note_id, line_number),
    FOREIGN KEY (tenant_id, credit_note_id) REFERENCES xero.credit_notes (tenant_id, credit_note_id) ON DELETE CASCADE
);

-- GET /ExpenseClaims (classic expenses), with the receipts they claim.
CREATE TABLE xero.expense_claims (
    tenant_id text NOT NULL,
    expense_claim_id text NOT NULL,
    status text,
    updated_date_utc timestamptz,
    total numeric,
    amount_due numeric,
    amount_paid numeric,
    payment_due_date date,
    reporting_date date,
    receipt_id text,
    user_id text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, expense_claim_id)
);

CREATE INDEX expense_claims_updated_idx ON xero.expense_claims (tenant_id, updated_date_utc);

-- ExpenseClaims' Receipts, replaced together with their parent.
CREATE TABLE xero.expense_claim_receipts (
    tenant_id text NOT NULL,
    expense_claim_id text NOT NULL,
    line_number integer NOT NULL,
    date date,
    reference text,
    line_amount_types text,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    receipt_id text,
    status text,
    receipt_number text,
    updated_date_utc timestamptz,
    has_attachments boolean,
    url text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, expense_claim_id, line_number),
    FOREIGN KEY (tenant_id, expense_claim_id) REFERENCES xero.expense_claims (tenant_id, expense_claim_id) ON DELETE CASCADE
);

-- GET /LinkedTransactions: billable expenses; no If-Modified-Since and deleted for good, so reloaded every run.
CREATE TABLE xero.linked_transactions (
    tenant_id text NOT NULL,
    linked_transaction_id text NOT NULL,
    source_transaction_id text,
    source_line_item_id text,
    contact_id text,
    target_transaction_id text,
    target_line_item_id text,
    status text,
    type text,
    updated_date_utc timestamptz,
    source_transaction_type_code text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, linked_transaction_id)
);

CREATE INDEX linked_transactions_contact_idx ON xero.linked_transactions (tenant_id, contact_id);

-- GET /ManualJournals, with their journal lines.
CREATE TABLE xero.manual_journals (
    tenant_id text NOT NULL,
    manual_journal_id text NOT NULL,
    narration text,
    date date,
    line_amount_types text,
    status text,
    url text,
    show_on_cash_basis_reports boolean,
    has_attachments boolean,
    updated_date_utc timestamptz,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, manual_journal_id)
);

CREATE INDEX manual_journals_updated_idx ON xero.manual_journals (tenant_id, updated_date_utc);

-- ManualJournals' JournalLines, replaced together with their parent.
CREATE TABLE xero.manual_journal_lines (
    tenant_id text NOT NULL,
    manual_journal_id text NOT NULL,
    line_number integer NOT NULL,
    line_amount numeric,
    account_code text,
    account_id text,
    description text,
    tax_type text,
    tax_amount numeric,
    is_blank boolean,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, manual_journal_id, line_number),
    FOREIGN KEY (tenant_id, manual_journal_id) REFERENCES xero.manual_journals (tenant_id, manual_journal_id) ON DELETE CASCADE
);

-- GET /Overpayments, with line items and allocations.
CREATE TABLE xero.overpayments (
    tenant_id text NOT NULL,
    overpayment_id text NOT NULL,
    type text,
    date date,
    status text,
    line_amount_types text,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    updated_date_utc timestamptz,
    currency_code text,
    currency_rate numeric,
    remaining_credit numeric,
    applied_amount numeric,
    has_attachments boolean,
    reference text,
    contact_id text,
    contact_name text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, overpayment_id)
);

CREATE INDEX overpayments_updated_idx ON xero.overpayments (tenant_id, updated_date_utc);

CREATE INDEX overpayments_contact_idx ON xero.overpayments (tenant_id, contact_id);

-- Overpayments' LineItems, replaced together with their parent.
CREATE TABLE xero.overpayment_line_items (
    tenant_id text NOT NULL,
    overpayment_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    repeating_invoice_id text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, overpayment_id, line_number),
    FOREIGN KEY (tenant_id, overpayment_id) REFERENCES xero.overpayments (tenant_id, overpayment_id) ON DELETE CASCADE
);

-- Overpayments' Allocations, replaced together with their parent.
CREATE TABLE xero.overpayment_allocations (
    tenant_id text NOT NULL,
    overpayment_id text NOT NULL,
    line_number integer NOT NULL,
    allocation_id text,
    amount numeric,
    date date,
    is_deleted boolean,
    invoice_id text,
    invoice_number text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, overpayment_id, line_number),
    FOREIGN KEY (tenant_id, overpayment_id) REFERENCES xero.overpayments (tenant_id, overpayment_id) ON DELETE CASCADE
);

-- GET /Payments: payments of invoices, credit notes, prepayments and overpayments.
CREATE TABLE xero.payments (
    tenant_id text NOT NULL,
    payment_id text NOT NULL,
    invoice_number text,
    credit_note_number text,
    code text,
    date date,
    currency_rate numeric,
    amount numeric,
    bank_amount numeric,
    reference text,
    is_reconciled boolean,
    status text,
    payment_type text,
    updated_date_utc timestamptz,
    batch_payment_id text,
    bank_account_number text,
    particulars text,
    details text,
    has_account boolean,
    invoice_id text,
    invoice_type text,
    contact_id text,
    credit_note_id text,
    prepayment_id text,
    overpayment_id text,
    account_id text,
    account_code text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, payment_id)
);

CREATE INDEX payments_updated_idx ON xero.payments (tenant_id, updated_date_utc);

CREATE INDEX payments_contact_idx ON xero.payments (tenant_id, contact_id);

-- GET /Prepayments, with line items and allocations.
CREATE TABLE xero.prepayments (
    tenant_id text NOT NULL,
    prepayment_id text NOT NULL,
    type text,
    date date,
    status text,
    line_amount_types text,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    reference text,
    invoice_number text,
    updated_date_utc timestamptz,
    currency_code text,
    branding_theme_id text,
    currency_rate numeric,
    remaining_credit numeric,
    applied_amount numeric,
    has_attachments boolean,
    contact_id text,
    contact_name text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, prepayment_id)
);

CREATE INDEX prepayments_updated_idx ON xero.prepayments (tenant_id, updated_date_utc);

CREATE INDEX prepayments_contact_idx ON xero.prepayments (tenant_id, contact_id);

-- Prepayments' LineItems, replaced together with their parent.
CREATE TABLE xero.prepayment_line_items (
    tenant_id text NOT NULL,
    prepayment_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    repeating_invoice_id text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, prepayment_id, line_number),
    FOREIGN KEY (tenant_id, prepayment_id) REFERENCES xero.prepayments (tenant_id, prepayment_id) ON DELETE CASCADE
);

-- Prepayments' Allocations, replaced together with their parent.
CREATE TABLE xero.prepayment_allocations (
    tenant_id text NOT NULL,
    prepayment_id text NOT NULL,
    line_number integer NOT NULL,
    allocation_id text,
    amount numeric,
    date date,
    is_deleted boolean,
    invoice_id text,
    invoice_number text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, prepayment_id, line_number),
    FOREIGN KEY (tenant_id, prepayment_id) REFERENCES xero.prepayments (tenant_id, prepayment_id) ON DELETE CASCADE
);

-- GET /PurchaseOrders, with line items.
CREATE TABLE xero.purchase_orders (
    tenant_id text NOT NULL,
    purchase_order_id text NOT NULL,
    date date,
    delivery_date date,
    line_amount_types text,
    purchase_order_number text,
    reference text,
    branding_theme_id text,
    currency_code text,
    status text,
    sent_to_contact boolean,
    delivery_address text,
    attention_to text,
    telephone text,
    delivery_instructions text,
    expected_arrival_date date,
    currency_rate numeric,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    total_discount numeric,
    has_attachments boolean,
    updated_date_utc timestamptz,
    contact_id text,
    contact_name text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, purchase_order_id)
);

CREATE INDEX purchase_orders_updated_idx ON xero.purchase_orders (tenant_id, updated_date_utc);

CREATE INDEX purchase_orders_contact_idx ON xero.purchase_orders (tenant_id, contact_id);

-- PurchaseOrders' LineItems, replaced together with their parent.
CREATE TABLE xero.purchase_order_line_items (
    tenant_id text NOT NULL,
    purchase_order_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    repeating_invoice_id text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES xero.purchase_orders (tenant_id, purchase_order_id) ON DELETE CASCADE
);

-- GET /Quotes (page alone, 100 per page), with line items.
CREATE TABLE xero.quotes (
    tenant_id text NOT NULL,
    quote_id text NOT NULL,
    quote_number text,
    reference text,
    terms text,
    date date,
    expiry_date date,
    status text,
    currency_code text,
    currency_rate numeric,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    total_discount numeric,
    title text,
    summary text,
    branding_theme_id text,
    updated_date_utc timestamptz,
    line_amount_types text,
    contact_id text,
    contact_name text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, quote_id)
);

CREATE INDEX quotes_updated_idx ON xero.quotes (tenant_id, updated_date_utc);

CREATE INDEX quotes_contact_idx ON xero.quotes (tenant_id, contact_id);

-- Quotes' LineItems, replaced together with their parent.
CREATE TABLE xero.quote_line_items (
    tenant_id text NOT NULL,
    quote_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    repeating_invoice_id text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, quote_id, line_number),
    FOREIGN KEY (tenant_id, quote_id) REFERENCES xero.quotes (tenant_id, quote_id) ON DELETE CASCADE
);

-- GET /Receipts (classic expenses), with line items.
CREATE TABLE xero.receipts (
    tenant_id text NOT NULL,
    receipt_id text NOT NULL,
    date date,
    reference text,
    line_amount_types text,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    status text,
    receipt_number text,
    updated_date_utc timestamptz,
    has_attachments boolean,
    url text,
    contact_id text,
    contact_name text,
    user_id text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, receipt_id)
);

CREATE INDEX receipts_updated_idx ON xero.receipts (tenant_id, updated_date_utc);

CREATE INDEX receipts_contact_idx ON xero.receipts (tenant_id, contact_id);

-- Receipts' LineItems, replaced together with their parent.
CREATE TABLE xero.receipt_line_items (
    tenant_id text NOT NULL,
    receipt_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    repeating_invoice_id text,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, receipt_id, line_number),
    FOREIGN KEY (tenant_id, receipt_id) REFERENCES xero.receipts (tenant_id, receipt_id) ON DELETE CASCADE
);

-- GET /RepeatingInvoices: templates; no If-Modified-Since, so reloaded every run.
CREATE TABLE xero.repeating_invoices (
    tenant_id text NOT NULL,
    repeating_invoice_id text NOT NULL,
    type text,
    line_amount_types text,
    reference text,
    branding_theme_id text,
    currency_code text,
    status text,
    sub_total numeric,
    total_tax numeric,
    total numeric,
    has_attachments boolean,
    approved_for_sending boolean,
    send_copy boolean,
    mark_as_sent boolean,
    include_pdf boolean,
    contact_id text,
    contact_name text,
    schedule_period integer,
    schedule_unit text,
    schedule_due_date integer,
    schedule_due_date_type text,
    schedule_start_date date,
    schedule_next_scheduled_date date,
    schedule_end_date date,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, repeating_invoice_id)
);

CREATE INDEX repeating_invoices_contact_idx ON xero.repeating_invoices (tenant_id, contact_id);

-- RepeatingInvoices' LineItems, replaced together with their parent.
CREATE TABLE xero.repeating_invoice_line_items (
    tenant_id text NOT NULL,
    repeating_invoice_id text NOT NULL,
    line_number integer NOT NULL,
    line_item_id text,
    description text,
    quantity numeric,
    unit_amount numeric,
    item_code text,
    account_code text,
    account_id text,
    tax_type text,
    tax_amount numeric,
    line_amount numeric,
    discount_rate numeric,
    discount_amount numeric,
    tracking1_name text,
    tracking1_option text,
    tracking2_name text,
    tracking2_option text,
    tracking jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, repeating_invoice_id, line_number),
    FOREIGN KEY (tenant_id, repeating_invoice_id) REFERENCES xero.repeating_invoices (tenant_id, repeating_invoice_id) ON DELETE CASCADE
);
