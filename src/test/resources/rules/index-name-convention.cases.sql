-- case: unnamed indexes get PostgreSQL's name and are not checked
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, number text);
CREATE INDEX ON orders (customer_id);

-- case: a unique index may use uq_ or the plain template
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, number text);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
CREATE UNIQUE INDEX idx_orders_customer_id_number ON orders (customer_id, number);

-- case: a plain index may not use uq_
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, number text);
-- expect: index-name-convention
CREATE INDEX uq_orders_number ON orders (number);

-- case: ordering and operator classes do not change the column list; schema is not part of {table}
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, customer_id bigint, number text);
CREATE INDEX idx_orders_customer_id_number ON app.orders (customer_id DESC, number text_pattern_ops);

-- case: expression indexes match any column part
CREATE TABLE orders (id bigint PRIMARY KEY, number text);
CREATE INDEX idx_orders_lower_number ON orders (lower(number));

-- case: the column order is part of the name
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, number text);
-- expect: index-name-convention
CREATE INDEX idx_orders_number_customer_id ON orders (customer_id, number);

-- case: PostgreSQL's own names are accepted
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, number text);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE UNIQUE INDEX orders_number_key ON orders (number);

-- case: an index that becomes a constraint is named as the constraint
-- setup:
CREATE TABLE audit_log (id bigint NOT NULL);
-- example:
CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log (id);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;

-- case: a down re-creating a dropped index must use its old name
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
CREATE INDEX orders_by_customer ON orders (customer_id);
-- up:
DROP INDEX orders_by_customer;
-- example:
CREATE INDEX orders_by_customer ON orders (customer_id);

-- case: a unique index named as PostgreSQL names primary keys, and a replacement built next to the old index
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint);
CREATE UNIQUE INDEX orders_pkey ON orders (id);
CREATE INDEX idx_orders_customer_id_new ON orders (customer_id);

-- case: _pkey is no name for a non-unique index
CREATE TABLE orders (id bigint NOT NULL);
-- expect: index-name-convention
CREATE INDEX orders_pkey ON orders (id);
