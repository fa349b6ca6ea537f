-- Xero permission scope accounting.settings: the organisation's settings and reference data.

-- GET /BrandingThemes: no If-Modified-Since, reloaded every run.
CREATE TABLE xero.branding_themes (
    tenant_id text NOT NULL,
    branding_theme_id text NOT NULL,
    name text,
    logo_url text,
    type text,
    sort_order integer,
    created_date_utc timestamptz,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, branding_theme_id)
);

-- GET /Currencies: the currencies the organisation uses, reloaded every run.
CREATE TABLE xero.currencies (
    tenant_id text NOT NULL,
    code text NOT NULL,
    description text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, code)
);

-- GET /Items: products and services, inventory quantities and values; Items vanish when deleted, so reloaded every run.
CREATE TABLE xero.items (
    tenant_id text NOT NULL,
    item_id text NOT NULL,
    code text,
    inventory_asset_account_code text,
    name text,
    is_sold boolean,
    is_purchased boolean,
    description text,
    purchase_description text,
    is_tracked_as_inventory boolean,
    total_cost_pool numeric,
    quantity_on_hand numeric,
    updated_date_utc timestamptz,
    purchase_unit_price numeric,
    purchase_account_code text,
    purchase_cogs_account_code text,
    purchase_tax_type text,
    sales_unit_price numeric,
    sales_account_code text,
    sales_tax_type text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, item_id)
);

-- GET /InvoiceReminders/Settings: one settings object per organisation.
CREATE TABLE xero.invoice_reminders (
    tenant_id text NOT NULL,
    enabled boolean,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);

-- GET /TaxRates: keyed by TaxType; DELETED rates keep their status.
CREATE TABLE xero.tax_rates (
    tenant_id text NOT NULL,
    tax_type text NOT NULL,
    name text,
    status text,
    report_tax_type text,
    can_apply_to_assets boolean,
    can_apply_to_equity boolean,
    can_apply_to_expenses boolean,
    can_apply_to_liabilities boolean,
    can_apply_to_revenue boolean,
    display_tax_rate numeric,
    effective_rate numeric,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, tax_type)
);

-- TaxRates' TaxComponents, replaced together with their parent.
CREATE TABLE xero.tax_rate_components (
    tenant_id text NOT NULL,
    tax_type text NOT NULL,
    line_number integer NOT NULL,
    name text,
    rate numeric,
    is_compound boolean,
    is_non_recoverable boolean,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, tax_type, line_number),
    FOREIGN KEY (tenant_id, tax_type) REFERENCES xero.tax_rates (tenant_id, tax_type) ON DELETE CASCADE
);

-- GET /TrackingCategories?includeArchived=true, with their options; categories vanish when deleted.
CREATE TABLE xero.tracking_categories (
    tenant_id text NOT NULL,
    tracking_category_id text NOT NULL,
    name text,
    status text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, tracking_category_id)
);

-- TrackingCategories' Options, replaced together with their parent.
CREATE TABLE xero.tracking_options (
    tenant_id text NOT NULL,
    tracking_category_id text NOT NULL,
    line_number integer NOT NULL,
    tracking_option_id text,
    name text,
    status text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, tracking_category_id, line_number),
    FOREIGN KEY (tenant_id, tracking_category_id) REFERENCES xero.tracking_categories (tenant_id, tracking_category_id) ON DELETE CASCADE
);

-- GET /Users: a handful of rows, reloaded every run so that removed users are marked.
CREATE TABLE xero.users (
    tenant_id text NOT NULL,
    user_id text NOT NULL,
    email_address text,
    first_name text,
    last_name text,
    updated_date_utc timestamptz,
    is_subscriber boolean,
    organisation_role text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, user_id)
);
