-- Xero permission scope payroll.employees.read (optional): AU Payroll v1.

-- AU Payroll GET /payroll.xro/1.0/Employees (page alone, 100 per page), with home address and leave balances.
CREATE TABLE xero.payroll_employees (
    tenant_id text NOT NULL,
    employee_id text NOT NULL,
    first_name text,
    last_name text,
    date_of_birth date,
    start_date date,
    title text,
    middle_names text,
    email text,
    gender text,
    phone text,
    mobile text,
    twitter_user_name text,
    is_authorised_to_approve_leave boolean,
    is_authorised_to_approve_timesheets boolean,
    job_title text,
    classification text,
    ordinary_earnings_rate_id text,
    payroll_calendar_id text,
    employee_group_name text,
    termination_date date,
    termination_reason text,
    income_type text,
    employment_type text,
    country_of_residence text,
    is_stp2_qualified boolean,
    status text,
    updated_date_utc timestamptz,
    home_address_line1 text,
    home_address_line2 text,
    home_city text,
    home_region text,
    home_postal_code text,
    home_country text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, employee_id)
);

CREATE INDEX payroll_employees_updated_idx ON xero.payroll_employees (tenant_id, updated_date_utc);

-- Employees' LeaveBalances, replaced together with their parent.
CREATE TABLE xero.payroll_employee_leave_balances (
    tenant_id text NOT NULL,
    employee_id text NOT NULL,
    line_number integer NOT NULL,
    leave_name text,
    leave_type_id text,
    number_of_units numeric,
    type_of_units text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, employee_id, line_number),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES xero.payroll_employees (tenant_id, employee_id) ON DELETE CASCADE
);

-- AU Payroll GET /payroll.xro/1.0/LeaveApplications (page alone), with their leave periods.
CREATE TABLE xero.payroll_leave_applications (
    tenant_id text NOT NULL,
    leave_application_id text NOT NULL,
    employee_id text,
    leave_type_id text,
    title text,
    start_date date,
    end_date date,
    description text,
    pay_out_type text,
    updated_date_utc timestamptz,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, leave_application_id)
);

CREATE INDEX payroll_leave_applications_updated_idx ON xero.payroll_leave_applications (tenant_id, updated_date_utc);

-- LeaveApplications' LeavePeriods, replaced together with their parent.
CREATE TABLE xero.payroll_leave_periods (
    tenant_id text NOT NULL,
    leave_application_id text NOT NULL,
    line_number integer NOT NULL,
    number_of_units numeric,
    pay_period_end_date date,
    pay_period_start_date date,
    leave_period_status text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, leave_application_id, line_number),
    FOREIGN KEY (tenant_id, leave_application_id) REFERENCES xero.payroll_leave_applications (tenant_id, leave_application_id) ON DELETE CASCADE
);
