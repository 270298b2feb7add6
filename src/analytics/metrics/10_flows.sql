-- Company values of the flow measures, per ISO week and per month.
-- Every cv_* view has the same columns: metric_key, grain, period_id, company_id, docs, amount.

CREATE OR REPLACE TEMPORARY VIEW cv_invoice AS
SELECT 'invoice' AS metric_key, 'week' AS grain, week_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_invoice GROUP BY week_id, company_id
UNION ALL
SELECT 'invoice' AS metric_key, 'month' AS grain, month_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_invoice GROUP BY month_id, company_id;

CREATE OR REPLACE TEMPORARY VIEW cv_credit_note AS
SELECT 'credit_note' AS metric_key, 'week' AS grain, week_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_credit_note GROUP BY week_id, company_id
UNION ALL
SELECT 'credit_note' AS metric_key, 'month' AS grain, month_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_credit_note GROUP BY month_id, company_id;

CREATE OR REPLACE TEMPORARY VIEW cv_order AS
SELECT 'order' AS metric_key, 'week' AS grain, week_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_order GROUP BY week_id, company_id
UNION ALL
SELECT 'order' AS metric_key, 'month' AS grain, month_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_order GROUP BY month_id, company_id;

-- Refunds of the counted orders, dated by their order (so the rate compares like with like).
CREATE OR REPLACE TEMPORARY VIEW cv_refund AS
SELECT 'refund' AS metric_key, 'week' AS grain, week_id AS period_id, company_id,
       CAST(SUM(refund_count) AS BIGINT) AS docs, CAST(SUM(refunded_rc) AS DECIMAL(38,4)) AS amount
FROM fact_order GROUP BY week_id, company_id
UNION ALL
SELECT 'refund' AS metric_key, 'month' AS grain, month_id AS period_id, company_id,
       CAST(SUM(refund_count) AS BIGINT) AS docs, CAST(SUM(refunded_rc) AS DECIMAL(38,4)) AS amount
FROM fact_order GROUP BY month_id, company_id;

CREATE OR REPLACE TEMPORARY VIEW cv_purchase_order AS
SELECT 'purchase_order' AS metric_key, 'week' AS grain, week_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_purchase_order GROUP BY week_id, company_id
UNION ALL
SELECT 'purchase_order' AS metric_key, 'month' AS grain, month_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(total_rc) AS DECIMAL(38,4)) AS amount
FROM fact_purchase_order GROUP BY month_id, company_id;

-- Units sold (product lines of counted invoices and orders), for the inventory-to-sales ratio.
CREATE OR REPLACE TEMPORARY VIEW cv_units_sold AS
WITH sold AS (
  SELECT company_id, week_id, month_id, product_units FROM fact_invoice
  UNION ALL
  SELECT company_id, week_id, month_id, product_units FROM fact_order
)
SELECT 'units_sold' AS metric_key, 'week' AS grain, week_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(product_units) AS DECIMAL(38,4)) AS amount
FROM sold GROUP BY week_id, company_id
UNION ALL
SELECT 'units_sold' AS metric_key, 'month' AS grain, month_id AS period_id, company_id,
       COUNT(*) AS docs, CAST(SUM(product_units) AS DECIMAL(38,4)) AS amount
FROM sold GROUP BY month_id, company_id;
