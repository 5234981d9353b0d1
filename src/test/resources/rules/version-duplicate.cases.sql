-- case: Flyway's 1.0 is version 1
-- options: layout=flyway file=V1.0__add_orders_status.sql
-- setup:
CREATE TABLE orders (id bigint);
-- example:
-- expect-file: version-duplicate
ALTER TABLE orders ADD COLUMN status text;
