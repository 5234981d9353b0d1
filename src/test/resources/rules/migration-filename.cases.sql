-- case: Flyway needs two underscores between version and description
-- options: layout=flyway file=V2_add_orders_status.sql
-- setup:
SELECT 1;
-- example:
-- expect-file: migration-filename
SELECT 1;
-- case: a diesel version without a date among dated folders sorts, as text, before all of them
-- options: layout=diesel file=1_add_orders_status
-- setup:
SELECT 1;
-- example:
-- expect-file: migration-filename
SELECT 1;
