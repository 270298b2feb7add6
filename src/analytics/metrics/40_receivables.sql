-- Days sales outstanding: open receivables at the period's last observation, over the invoice
-- value of the 91 days ending on that observation's date, times 91. Both sums run over the same
-- companies (an observation in the period and some invoiced sales in the window).
CREATE OR REPLACE TEMPORARY VIEW cv_dso AS
WITH obs AS (
  SELECT p.grain, p.period_id, r.company_id, r.as_of_day, r.ar_rc,
         ROW_NUMBER() OVER (PARTITION BY p.grain, p.period_id, r.company_id ORDER BY r.as_of_ms DESC) AS rnk
  FROM lake_period p
  JOIN lake_receivable r ON r.as_of_day >= p.start_day AND r.as_of_day <= p.end_day
),
last_obs AS (
  SELECT grain, period_id, company_id, as_of_day, ar_rc FROM obs WHERE rnk = 1
),
window_sales AS (
  SELECT o.grain, o.period_id, o.company_id, COUNT(*) AS docs, SUM(f.total_rc) AS sales
  FROM last_obs o
  JOIN fact_invoice f
    ON f.company_id = o.company_id AND f.doc_day > o.as_of_day - 91 AND f.doc_day <= o.as_of_day
  GROUP BY o.grain, o.period_id, o.company_id
),
matched AS (
  SELECT o.grain, o.period_id, o.company_id, o.ar_rc, s.docs, s.sales
  FROM last_obs o
  JOIN window_sales s ON s.company_id = o.company_id AND s.grain = o.grain AND s.period_id = o.period_id
  WHERE s.sales > 0
)
SELECT 'dso_receivables' AS metric_key, grain, period_id, company_id,
       CAST(1 AS BIGINT) AS docs, CAST(ar_rc AS DECIMAL(38,4)) AS amount FROM matched
UNION ALL
SELECT 'dso_sales' AS metric_key, grain, period_id, company_id,
       CAST(docs AS BIGINT) AS docs, CAST(sales AS DECIMAL(38,4)) AS amount FROM matched;
