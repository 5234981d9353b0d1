-- case: a view created in the same script may be refreshed directly
-- example:
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
REFRESH MATERIALIZED VIEW mv;

-- case: WITH NO DATA cannot be concurrent
-- example:
REFRESH MATERIALIZED VIEW mv WITH NO DATA;

-- case: in a down
-- options: layout=golang-migrate down
-- up:
SELECT 1;
-- example:
-- expect: require-concurrent-refresh
REFRESH MATERIALIZED VIEW public.mv;
