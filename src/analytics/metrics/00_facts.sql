-- Written rules: which canonical records count, shared by every metric below.
-- This SQL runs unchanged on DuckDB and on Spark SQL: no date functions (periods are integer
-- ids written by the lake), no engine-specific casts, every amount a DECIMAL.

-- Every company sits in the total ('all') and in one cell of each dimension.
CREATE OR REPLACE TEMPORARY VIEW company_cell AS
SELECT company_id, 'all' AS dim, 'all' AS cell FROM lake_company
UNION ALL
SELECT company_id, 'sector' AS dim, sector AS cell FROM lake_company
UNION ALL
SELECT company_id, 'size_band' AS dim, size_band AS cell FROM lake_company
UNION ALL
SELECT company_id, 'country' AS dim, country AS cell FROM lake_company;

-- Invoices: issued receivable documents. Credit notes are not invoices (they have their own
-- metric), drafts are not issued, void and deleted documents never happened.
CREATE OR REPLACE TEMPORARY VIEW fact_invoice AS
SELECT company_id, doc_day, week_id, month_id, total_rc, product_units
FROM lake_invoice
WHERE doc_type = 'invoice'
  AND NOT deleted
  AND status IN ('open', 'partially_paid', 'paid');

CREATE OR REPLACE TEMPORARY VIEW fact_credit_note AS
SELECT company_id, doc_day, week_id, month_id, total_rc
FROM lake_invoice
WHERE doc_type = 'credit_note'
  AND NOT deleted
  AND status IN ('open', 'partially_paid', 'paid');

-- Sales orders: cancelled, deleted and test orders are excluded; refunds stay with their order
-- (a refunded order still counts, its refunds feed the refund rate).
CREATE OR REPLACE TEMPORARY VIEW fact_order AS
SELECT company_id, doc_day, week_id, month_id, total_rc, refunded_rc, refund_count, product_units
FROM lake_sales_order
WHERE NOT deleted
  AND NOT cancelled
  AND NOT is_test
  AND status IN ('open', 'closed');

-- Purchase orders: sent (open) or fulfilled (closed); drafts, cancelled and deleted ones are not demand.
CREATE OR REPLACE TEMPORARY VIEW fact_purchase_order AS
SELECT company_id, doc_day, week_id, month_id, total_rc
FROM lake_purchase_order
WHERE NOT deleted
  AND status IN ('open', 'closed');
