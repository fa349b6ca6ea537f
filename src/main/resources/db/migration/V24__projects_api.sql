-- Xero's Projects API (projects.xro/2.0): projects, their tasks, and the time logged against the tasks. Its fields are
-- camelCase and its amounts {currency, value} objects: each amount's value is a column (currency is the project's),
-- the whole record is in raw. A full reload each run marks what Xero no longer lists as is_deleted.

-- GET /Projects (page and pageSize, at most 500)
CREATE TABLE xero.projects (
    tenant_id text NOT NULL,
    project_id text NOT NULL,
    contact_id text,
    name text,
    currency_code text,
    status text,
    deadline_utc timestamptz,
    minutes_logged integer,
    minutes_to_be_invoiced integer,
    estimate numeric,
    total_task_amount numeric,
    total_expense_amount numeric,
    task_amount_to_be_invoiced numeric,
    task_amount_invoiced numeric,
    expense_amount_to_be_invoiced numeric,
    expense_amount_invoiced numeric,
    project_amount_invoiced numeric,
    deposit numeric,
    deposit_applied numeric,
    credit_note_amount numeric,
    total_invoiced numeric,
    total_to_be_invoiced numeric,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, project_id)
);

CREATE INDEX projects_contact_idx ON xero.projects (tenant_id, contact_id);

-- GET /Projects/{projectId}/Tasks, for each project
CREATE TABLE xero.project_tasks (
    tenant_id text NOT NULL,
    task_id text NOT NULL,
    project_id text,
    name text,
    charge_type text,
    status text,
    rate numeric,
    estimate_minutes integer,
    total_minutes integer,
    minutes_invoiced integer,
    minutes_to_be_invoiced integer,
    non_chargeable_minutes integer,
    fixed_minutes integer,
    total_amount numeric,
    amount_to_be_invoiced numeric,
    amount_invoiced numeric,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, task_id)
);

CREATE INDEX project_tasks_project_idx ON xero.project_tasks (tenant_id, project_id);

-- GET /Projects/{projectId}/Time, for each project: the time entries (minutes) logged against its tasks
CREATE TABLE xero.project_time_entries (
    tenant_id text NOT NULL,
    time_entry_id text NOT NULL,
    project_id text,
    task_id text,
    user_id text,
    date_utc timestamptz,
    date_entered_utc timestamptz,
    duration integer,
    description text,
    status text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, time_entry_id)
);

CREATE INDEX project_time_entries_project_idx ON xero.project_time_entries (tenant_id, project_id, date_utc);
