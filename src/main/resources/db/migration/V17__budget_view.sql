-- Budgets by month: each budget line's balance per period (Xero sends the period as a /Date(…)/ value).
CREATE VIEW xero_bi.budget_by_month AS
SELECT b.tenant_id, b.budget_id, b.description AS budget, b.type, l.account_id, l.account_code,
       (to_timestamp((substring(balance ->> 'Period' FROM '\((-?\d+)'))::bigint / 1000.0) AT TIME ZONE 'UTC')::date AS month,
       (balance ->> 'Amount')::numeric AS amount,
       (balance ->> 'UnitAmount')::numeric AS unit_amount,
       balance ->> 'Notes' AS notes
FROM xero.budgets b
JOIN xero.budget_lines l ON l.tenant_id = b.tenant_id AND l.budget_id = b.budget_id
CROSS JOIN LATERAL jsonb_array_elements(coalesce(l.budget_balances, '[]'::jsonb)) AS balance
WHERE NOT b.is_deleted;
