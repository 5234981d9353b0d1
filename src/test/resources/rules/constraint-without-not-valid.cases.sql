-- case: constraints on a table created in the same script check no rows
-- example:
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total int);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0);

-- case: NOT VALID, then VALIDATE, is the safe path
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total int);
-- example:
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;

-- case: an unnamed foreign key and an inline reference with a default
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
-- example:
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD COLUMN owner_id bigint NOT NULL DEFAULT 0 REFERENCES customers (id);

-- case: an inline reference without a default has only NULLs to check
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY);
-- example:
ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id);

-- case: other constraint kinds belong to other rules
-- setup:
CREATE TABLE orders (id bigint, code text);
-- example:
ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);
ALTER TABLE orders ADD PRIMARY KEY (id);

-- case: after an ALTER TABLE in the same transaction, the first check of the table's rows is reported, once
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS customers (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);
-- example:
ALTER TABLE orders ADD COLUMN note text;
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);

-- case: a COMMIT in between releases the lock: each transaction is reported
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total numeric);
-- example:
BEGIN;
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);
COMMIT;
BEGIN;
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_total_small CHECK (total < 1000000);
COMMIT;

-- case: after a backfill of every row under the lock the transaction holds, the finding names the backfill, once
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS customers (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);
-- example:
ALTER TABLE orders ADD COLUMN note text;
-- expect: constraint-without-not-valid
UPDATE orders SET note = 'total: ' || total WHERE note IS NULL;
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);

-- case: WHERE col IS NULL on a column added with a default matches no row: the check is reported itself
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total numeric);
-- example:
ALTER TABLE orders ADD COLUMN note text DEFAULT '';
UPDATE orders SET note = 'n/a' WHERE note IS NULL;
-- expect: constraint-without-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);

-- case: a CHECK added by the ALTER TABLE that rewrites the table is checked during the rewrite (lakekeeper's add_generic_table)
-- options: layout=sqlx
-- setup:
CREATE TYPE tabular_type AS ENUM ('table', 'view');
CREATE TABLE IF NOT EXISTS tabular (id bigint PRIMARY KEY, typ tabular_type NOT NULL, metadata_location text);
-- example:
SET LOCAL lock_timeout = '5s';
-- expect: change-column-type
ALTER TABLE tabular ALTER COLUMN typ TYPE text USING typ::text,
    ADD CONSTRAINT tabular_metadata_location_check CHECK (typ <> 'table' OR metadata_location IS NOT NULL);
