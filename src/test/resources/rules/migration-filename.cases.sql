-- case: Flyway needs two underscores between version and description
-- options: layout=flyway file=V2_add_orders_status.sql
-- setup:
SELECT 1;
-- example:
-- expect-file: migration-filename
SELECT 1;
-- case: a diesel time part of four digits
-- options: layout=diesel file=2024-01-05-0930_add_orders_status
-- example:
-- expect-file: migration-filename
SELECT 1;
