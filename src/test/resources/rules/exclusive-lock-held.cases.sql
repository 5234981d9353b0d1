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
CREATE INDEX customers_a ON customers (a);

-- case: later work on the locked table itself needs the table anyway: the lock cannot come after it
-- options: layout=golang-migrate
-- example:
ALTER TABLE orders ADD COLUMN a int;
CREATE INDEX orders_a ON orders (a);
UPDATE orders SET a = 0 WHERE a IS NULL;

-- case: a SHARE lock is not reported
-- options: layout=dbmate
-- example:
CREATE INDEX orders_a ON orders (a);
UPDATE orders SET a = 1 WHERE id = 1;

-- case: work on a table created later in the same transaction is on an empty table
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS site (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS local_user (id bigint PRIMARY KEY);
-- example:
-- migrate:up
SET lock_timeout = '5s';
ALTER TABLE site ADD COLUMN IF NOT EXISTS application_question text;
CREATE TABLE IF NOT EXISTS registration_application (
    id bigint PRIMARY KEY,
    local_user_id bigint NOT NULL REFERENCES local_user,
    published timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_registration_application_published ON registration_application (published DESC);
ALTER TABLE registration_application ADD CONSTRAINT registration_application_user_key UNIQUE (local_user_id);

-- migrate:down
DROP TABLE IF EXISTS registration_application;
