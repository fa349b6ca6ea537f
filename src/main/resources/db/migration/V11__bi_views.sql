-- BI datasets: views over the synced tables for what dashboards track. Schema xero_bi holds only views, so a BI tool
-- can be pointed at it alone. Amounts are in the document's currency (currency_code); *_base columns convert to the
-- organisation's base currency with Xero's rate (Xero's CurrencyRate is units of document currency per base unit).
CREATE SCHEMA IF NOT EXISTS xero_bi;

-- Sales invoices (ACCREC) and bills (ACCPAY) that still owe money.
CREATE VIEW xero_bi.outstanding_invoices AS
SELECT i.tenant_id, o.name AS organisation, i.invoice_id, i.type, i.invoice_number, i.reference, i.contact_id,
       i.contact_name, i.date, i.due_date, i.status, i.currency_code, i.total, i.amount_paid, i.amount_credited,
       i.amount_due, round(i.amount_due / nullif(coalesce(i.currency_rate, 1), 0), 2) AS amount_due_base,
       greatest(current_date - i.due_date, 0) AS days_overdue, i.due_date < current_date AS is_overdue
FROM xero.invoices i
LEFT JOIN xero.organisations o ON o.tenant_id = i.tenant_id
WHERE i.status IN ('AUTHORISED', 'SUBMITTED') AND i.amount_due <> 0;

-- The outstanding ones past their due date.
CREATE VIEW xero_bi.overdue_invoices AS
SELECT * FROM xero_bi.outstanding_invoices WHERE is_overdue;

-- Accounts receivable and payable ageing per contact, in the organisation's base currency.
CREATE VIEW xero_bi.ageing AS
SELECT tenant_id, organisation, CASE type WHEN 'ACCREC' THEN 'receivable' ELSE 'payable' END AS ledger,
       contact_id, contact_name,
       sum(amount_due_base) AS total_due,
       sum(amount_due_base) FILTER (WHERE days_overdue = 0) AS current,
       sum(amount_due_base) FILTER (WHERE days_overdue BETWEEN 1 AND 30) AS overdue_1_30,
       sum(amount_due_base) FILTER (WHERE days_overdue BETWEEN 31 AND 60) AS overdue_31_60,
       sum(amount_due_base) FILTER (WHERE days_overdue BETWEEN 61 AND 90) AS overdue_61_90,
       sum(amount_due_base) FILTER (WHERE days_overdue > 90) AS overdue_over_90,
       count(*) AS invoices
FROM xero_bi.outstanding_invoices
GROUP BY tenant_id, organisation, type, contact_id, contact_name;

-- Revenue by month: authorised and paid sales invoices less sales credit notes, excluding tax, in base currency.
CREATE VIEW xero_bi.revenue_by_month AS
SELECT tenant_id, date_trunc('month', date)::date AS month, sum(amount) AS revenue, sum(invoices) AS invoices,
       sum(credit_notes) AS credit_notes
FROM (
    SELECT tenant_id, date, round(sub_total / nullif(coalesce(currency_rate, 1), 0), 2) AS amount, 1 AS invoices,
           0 AS credit_notes
    FROM xero.invoices WHERE type = 'ACCREC' AND status IN ('AUTHORISED', 'PAID')
    UNION ALL
    SELECT tenant_id, date, -round(sub_total / nullif(coalesce(currency_rate, 1), 0), 2), 0, 1
    FROM xero.credit_notes WHERE type = 'ACCRECCREDIT' AND status IN ('AUTHORISED', 'PAID')
) documents
GROUP BY tenant_id, date_trunc('month', date);

-- Bills (ACCPAY invoices) with what was paid on them and when.
CREATE VIEW xero_bi.bills AS
SELECT i.tenant_id, i.invoice_id, i.invoice_number, i.reference, i.contact_id, i.contact_name, i.date, i.due_date,
       i.status, i.currency_code, i.total, i.amount_paid, i.amount_due, i.fully_paid_on_date,
       (SELECT count(*) FROM xero.payments p
        WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.invoice_id AND p.status = 'AUTHORISED') AS payments,
       (SELECT max(p.date) FROM xero.payments p
        WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.invoice_id AND p.status = 'AUTHORISED') AS last_paid_on
FROM xero.invoices i
WHERE i.type = 'ACCPAY' AND i.status NOT IN ('DELETED', 'VOIDED');

-- Payments with the document they pay and its contact.
CREATE VIEW xero_bi.payments AS
SELECT p.tenant_id, p.payment_id, p.date, p.amount, p.currency_rate, p.payment_type, p.status, p.reference,
       p.is_reconciled, p.account_code, p.invoice_id, coalesce(i.invoice_number, p.invoice_number) AS invoice_number,
       i.type AS invoice_type, coalesce(i.contact_id, p.contact_id) AS contact_id, i.contact_name, p.credit_note_id,
       p.prepayment_id, p.overpayment_id, p.batch_payment_id
FROM xero.payments p
LEFT JOIN xero.invoices i ON i.tenant_id = p.tenant_id AND i.invoice_id = p.invoice_id;

-- Inventory: tracked items with their quantity on hand, value and prices.
CREATE VIEW xero_bi.inventory AS
SELECT tenant_id, item_id, code, name, description, is_tracked_as_inventory, quantity_on_hand, total_cost_pool,
       CASE WHEN quantity_on_hand > 0 THEN round(total_cost_pool / quantity_on_hand, 4) END AS average_cost,
       sales_unit_price, purchase_unit_price, is_sold, is_purchased, updated_date_utc
FROM xero.items
WHERE NOT is_deleted;

-- Purchase orders with their totals and how many lines they order.
CREATE VIEW xero_bi.purchase_orders AS
SELECT po.tenant_id, po.purchase_order_id, po.purchase_order_number, po.reference, po.contact_id, po.contact_name,
       po.date, po.delivery_date, po.expected_arrival_date, po.status, po.currency_code, po.sub_total, po.total_tax,
       po.total, po.sent_to_contact,
       (SELECT count(*) FROM xero.purchase_order_line_items l
        WHERE l.tenant_id = po.tenant_id AND l.purchase_order_id = po.purchase_order_id) AS lines
FROM xero.purchase_orders po
WHERE po.status <> 'DELETED';
