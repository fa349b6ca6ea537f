-- Tracking categories on invoice lines, as on every other line table: the first two categories' name and option
-- (Xero allows two active ones) plus the whole list.
ALTER TABLE xero.invoice_line_items ADD COLUMN tracking1_name text;
ALTER TABLE xero.invoice_line_items ADD COLUMN tracking1_option text;
ALTER TABLE xero.invoice_line_items ADD COLUMN tracking2_name text;
ALTER TABLE xero.invoice_line_items ADD COLUMN tracking2_option text;
