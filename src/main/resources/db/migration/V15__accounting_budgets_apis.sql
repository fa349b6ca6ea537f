-- Xero permission scope accounting.budgets.read (optional).

-- GET /Budgets, then each budget by id (the listing leaves the lines out); reloaded every run.
CREATE TABLE xero.budgets (
    tenant_id text NOT NULL,
    budget_id text NOT NULL,
    type text,
    description text,
    updated_date_utc timestamptz,
    tracking jsonb,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, budget_id)
);

-- Budgets' BudgetLines, replaced together with their parent.
CREATE TABLE xero.budget_lines (
    tenant_id text NOT NULL,
    budget_id text NOT NULL,
    line_number integer NOT NULL,
    account_id text,
    account_code text,
    budget_balances jsonb,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, budget_id, line_number),
    FOREIGN KEY (tenant_id, budget_id) REFERENCES xero.budgets (tenant_id, budget_id) ON DELETE CASCADE
);
