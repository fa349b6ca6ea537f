-- GET /Contacts (accounting.contacts), archived ones included.
CREATE TABLE xero.contacts (
    tenant_id                     text NOT NULL,
    contact_id                    text NOT NULL,
    contact_number                text,
    account_number                text,
    contact_status                text,
    name                          text,
    first_name                    text,
    last_name                     text,
    company_number                text,
    email_address                 text,
    is_supplier                   boolean,
    is_customer                   boolean,
    default_currency              text,
    tax_number                    text,
    accounts_receivable_tax_type  text,
    accounts_payable_tax_type     text,
    website                       text,
    discount                      numeric,
    has_attachments               boolean,
    updated_date_utc              timestamptz,
    raw                           jsonb NOT NULL,
    synced_at                     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, contact_id)
);
CREATE INDEX contacts_updated_idx ON xero.contacts (tenant_id, updated_date_utc);
