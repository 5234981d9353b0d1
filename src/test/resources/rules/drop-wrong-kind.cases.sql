-- case: DROP VIEW of a table, and of a materialized view
-- setup:
CREATE TABLE IF NOT EXISTS routers (address text PRIMARY KEY, balance numeric);
CREATE MATERIALIZED VIEW IF NOT EXISTS router_totals AS SELECT sum(balance) AS total FROM routers;
-- example:
-- expect: drop-wrong-kind
DROP VIEW IF EXISTS routers;
-- expect: drop-wrong-kind
DROP VIEW router_totals;

-- case: a name that is nothing the folder made, or that is what the DROP says, is left alone
-- setup:
CREATE OR REPLACE VIEW router_liquidity AS SELECT 1 AS x;
-- example:
DROP TABLE IF EXISTS old_router_liquidity;
DROP VIEW IF EXISTS router_liquidity;
