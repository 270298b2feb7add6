-- Inventory is a stock: the units on hand at the end of each period, from the last observation
-- of each item (and location) at or before the period's last local day. A company counts in a
-- period only when every item it has ever reported has an observation by then, so a period is
-- never summed from part of a company's items. A deleted level counts as zero from then on.
CREATE OR REPLACE TEMPORARY VIEW cv_inventory AS
WITH items AS (
  SELECT company_id, COUNT(DISTINCT item_key) AS item_count
  FROM lake_inventory
  GROUP BY company_id
),
latest AS (
  SELECT p.grain, p.period_id, o.company_id, o.item_key,
         CASE WHEN o.deleted THEN CAST(0 AS DECIMAL(18,4)) ELSE o.quantity END AS quantity,
         ROW_NUMBER() OVER (
           PARTITION BY p.grain, p.period_id, o.company_id, o.item_key
           ORDER BY o.as_of_ms DESC
         ) AS rnk
  FROM lake_period p
  JOIN lake_inventory o ON o.as_of_day <= p.end_day
),
stock AS (
  SELECT grain, period_id, company_id, COUNT(*) AS seen, SUM(quantity) AS units
  FROM latest
  WHERE rnk = 1
  GROUP BY grain, period_id, company_id
)
SELECT 'inventory_units' AS metric_key, s.grain, s.period_id, s.company_id,
       CAST(s.seen AS BIGINT) AS docs, CAST(s.units AS DECIMAL(38,4)) AS amount
FROM stock s
JOIN items i ON i.company_id = s.company_id
WHERE s.seen = i.item_count;

-- Inventory-to-sales: units on hand at period end over units sold in the period, both summed
-- over the same companies (those with a complete stock and some units sold).
CREATE OR REPLACE TEMPORARY VIEW cv_stock_to_sales AS
WITH matched AS (
  SELECT i.grain, i.period_id, i.company_id,
         i.docs AS stock_docs, i.amount AS stock_units, s.docs AS sold_docs, s.amount AS sold_units
  FROM cv_inventory i
  JOIN cv_units_sold s
    ON s.company_id = i.company_id AND s.grain = i.grain AND s.period_id = i.period_id
  WHERE s.amount > 0
)
SELECT 'stock_units' AS metric_key, grain, period_id, company_id, stock_docs AS docs, stock_units AS amount FROM matched
UNION ALL
SELECT 'stock_sold' AS metric_key, grain, period_id, company_id, sold_docs AS docs, sold_units AS amount FROM matched;
