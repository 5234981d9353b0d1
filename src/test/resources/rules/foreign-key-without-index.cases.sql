-- case: an index created later in the same migration covers the key
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);
CREATE INDEX idx_orders_customer_id ON orders (customer_id, id DESC);

-- case: an index from an earlier migration covers the key
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
CREATE INDEX idx_orders_customer_id ON orders (customer_id);
-- example:
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);

-- case: adding the key to an existing table without an index
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
-- example:
-- expect: foreign-key-without-index
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);

-- case: ADD COLUMN … REFERENCES
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY);
-- example:
-- expect: foreign-key-without-index
ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id);

-- case: the key column is the primary key's leading column
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE customer_settings (customer_id bigint PRIMARY KEY REFERENCES customers, theme text);
CREATE TABLE customer_tags (customer_id bigint REFERENCES customers, tag text, UNIQUE (customer_id, tag));

-- case: a partial index that only excludes NULLs still serves the key
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);
CREATE INDEX idx_orders_customer_id ON orders (customer_id) WHERE customer_id IS NOT NULL;

-- case: a partial index on another condition does not
CREATE TABLE customers (id bigint PRIMARY KEY);
-- expect: foreign-key-without-index
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, open boolean);
CREATE INDEX idx_orders_customer_id ON orders (customer_id) WHERE open;

-- case: an expression index is not an index on the column
CREATE TABLE customers (id bigint PRIMARY KEY);
-- expect: foreign-key-without-index
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);
CREATE INDEX idx_orders_customer ON orders ((customer_id + 0));

-- case: a composite key is covered only by an index led by all its columns
CREATE TABLE parents (a int, b int, PRIMARY KEY (a, b));
-- expect: foreign-key-without-index
CREATE TABLE children (id bigint PRIMARY KEY, a int, b int, FOREIGN KEY (a, b) REFERENCES parents (a, b));
CREATE INDEX idx_children_a ON children (a);

-- case: a table the migrations never created is not judged
ALTER TABLE legacy_orders ADD CONSTRAINT legacy_orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);

-- case: a down restoring a key its up dropped is not judged again
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);
-- up:
ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;
-- example:
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
