-- Panel methods on invoice value: only companies with invoices in both periods count, so a
-- company that joins or leaves the sample never reads as growth or decline.

-- Same-company year-on-year: this period against the same period a year earlier
-- (52 weeks back for a week, 12 months back for a month).
CREATE OR REPLACE TEMPORARY VIEW cv_yoy AS
WITH pairs AS (
  SELECT c.grain, c.period_id, c.company_id,
         c.docs AS cur_docs, c.amount AS cur_amount, p.docs AS prev_docs, p.amount AS prev_amount
  FROM cv_invoice c
  JOIN cv_invoice p
    ON p.company_id = c.company_id
   AND p.grain = c.grain
   AND p.period_id = c.period_id - CASE WHEN c.grain = 'week' THEN 52 ELSE 12 END
  WHERE c.amount > 0 AND p.amount > 0
)
SELECT 'yoy_cur' AS metric_key, grain, period_id, company_id, cur_docs AS docs, cur_amount AS amount FROM pairs
UNION ALL
SELECT 'yoy_prev' AS metric_key, grain, period_id, company_id, prev_docs AS docs, prev_amount AS amount FROM pairs;

-- Links of the chained index: this period against the one before, over the companies in both.
CREATE OR REPLACE TEMPORARY VIEW cv_link AS
WITH pairs AS (
  SELECT c.grain, c.period_id, c.company_id,
         c.docs AS cur_docs, c.amount AS cur_amount, p.docs AS prev_docs, p.amount AS prev_amount
  FROM cv_invoice c
  JOIN cv_invoice p
    ON p.company_id = c.company_id
   AND p.grain = c.grain
   AND p.period_id = c.period_id - 1
  WHERE c.amount > 0 AND p.amount > 0
)
SELECT 'link_cur' AS metric_key, grain, period_id, company_id, cur_docs AS docs, cur_amount AS amount FROM pairs
UNION ALL
SELECT 'link_prev' AS metric_key, grain, period_id, company_id, prev_docs AS docs, prev_amount AS amount FROM pairs;
