-- case: the lock taken by the last statement is not held longer than needed
-- options: layout=dbmate
-- example:
UPDATE orders SET status = 'x' WHERE id = 1;
ALTER TABLE orders ADD COLUMN a int;

-- case: statements after COMMIT run in another transaction
-- example:
BEGIN;
ALTER TABLE orders ADD COLUMN a int;
COMMIT;
UPDATE orders SET a = 1 WHERE id = 1;

-- case: psql-style statements outside a transaction release the lock at once
-- example:
ALTER TABLE orders ADD COLUMN a int;
UPDATE orders SET a = 1 WHERE id = 1;

-- case: golang-migrate multi-statement file is one transaction
-- options: layout=golang-migrate
-- example:
-- expect: exclusive-lock-held
ALTER TABLE orders ADD COLUMN a int;
CREATE INDEX orders_a ON orders (a);

-- case: a SHARE lock is not reported
-- options: layout=dbmate
-- example:
CREATE INDEX orders_a ON orders (a);
UPDATE orders SET a = 1 WHERE id = 1;
