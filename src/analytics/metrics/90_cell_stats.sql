-- Cell statistics of every measure: per (measure, grain, period, dimension, cell) the companies
-- behind it, the document count, the exact sum, and what disclosure control needs (the sum of
-- magnitudes and the two largest company magnitudes). Ratios are formed outside SQL from these
-- exact sums, with the documented rounding, so both engines give the same figures to the cent.
WITH cv AS (
  SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_invoice
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_credit_note
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_order
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_refund
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_purchase_order
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_yoy
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_link
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_inventory
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_stock_to_sales
  UNION ALL SELECT metric_key, grain, period_id, company_id, docs, amount FROM cv_dso
),
cc AS (
  SELECT v.metric_key, v.grain, v.period_id, k.dim, k.cell, v.company_id, v.docs, v.amount,
         CASE WHEN v.amount < 0 THEN -v.amount ELSE v.amount END AS magnitude
  FROM cv v
  JOIN company_cell k ON k.company_id = v.company_id
),
ranked AS (
  SELECT metric_key, grain, period_id, dim, cell, company_id, docs, amount, magnitude,
         ROW_NUMBER() OVER (
           PARTITION BY metric_key, grain, period_id, dim, cell
           ORDER BY magnitude DESC, company_id
         ) AS rnk
  FROM cc
)
SELECT metric_key, grain, period_id, dim, cell,
       COUNT(*) AS companies,
       SUM(CASE WHEN magnitude > 0 THEN 1 ELSE 0 END) AS contributors,
       SUM(docs) AS docs,
       SUM(amount) AS amount,
       SUM(magnitude) AS magnitude,
       MAX(CASE WHEN rnk = 1 THEN magnitude END) AS top1,
       MAX(CASE WHEN rnk = 2 THEN magnitude END) AS top2
FROM ranked
GROUP BY metric_key, grain, period_id, dim, cell
