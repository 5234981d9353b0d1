-- case: SET LOCAL lasts only until the explicit transaction ends
-- example:
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN a int;
COMMIT;
-- expect: lock-timeout-missing
ALTER TABLE orders ADD COLUMN b int;

-- case: lock_timeout = 0 disables it
-- example:
SET lock_timeout TO 0;
-- expect: lock-timeout-missing
TRUNCATE orders;

-- case: RESET switches it off
-- example:
SET lock_timeout = '2s';
RESET lock_timeout;
-- expect: lock-timeout-missing
TRUNCATE orders;

-- case: a DROP TABLE's wait on the table it drops queues only code still using that table, drop-table's finding
-- setup:
CREATE TABLE IF NOT EXISTS legacy_notes (id bigint);
-- example:
DROP TABLE legacy_notes;

-- case: dropping a table takes ACCESS EXCLUSIVE on the tables its foreign keys reference
-- setup:
CREATE TABLE IF NOT EXISTS buyers (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS legacy_orders (id bigint, buyer_id bigint REFERENCES buyers (id));
CREATE TABLE IF NOT EXISTS legacy_lines (id bigint, order_id bigint, CONSTRAINT lines_fk FOREIGN KEY (id) REFERENCES legacy_lines (id));
-- example:
DROP TABLE legacy_lines;
DROP TRIGGER IF EXISTS legacy_orders_touch ON legacy_orders;
-- expect: lock-timeout-missing
DROP TABLE legacy_orders;

-- case: dropping a foreign key takes ACCESS EXCLUSIVE on the table it references, even on its way to dropping the table
-- setup:
CREATE TABLE IF NOT EXISTS vendors (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS vendor_orders (id bigint, vendor_id bigint, CONSTRAINT vendor_orders_vendor_fk FOREIGN KEY (vendor_id) REFERENCES vendors (id));
-- example:
-- expect: lock-timeout-missing
ALTER TABLE vendor_orders DROP CONSTRAINT vendor_orders_vendor_fk;
DROP TABLE vendor_orders;

-- case: dropping a column drops the foreign key on it, with the same lock on the referenced table
-- setup:
CREATE TABLE IF NOT EXISTS vendors (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS vendor_orders (id bigint, vendor_id bigint, CONSTRAINT vendor_orders_vendor_fk FOREIGN KEY (vendor_id) REFERENCES vendors (id));
-- example:
-- expect: lock-timeout-missing
ALTER TABLE vendor_orders DROP COLUMN vendor_id;
DROP TABLE vendor_orders;

-- case: replacing an existing view's definition takes ACCESS EXCLUSIVE on the view
-- setup:
CREATE TABLE IF NOT EXISTS vendors (id bigint PRIMARY KEY);
CREATE OR REPLACE VIEW vendor_ids AS SELECT id FROM vendors;
-- example:
-- expect: lock-timeout-missing
CREATE OR REPLACE VIEW vendor_ids AS SELECT id FROM vendors;

-- case: a view the script creates is new: replacing it and the triggers on it wait for no one
-- setup:
CREATE TABLE IF NOT EXISTS vendors (id bigint PRIMARY KEY);
CREATE OR REPLACE FUNCTION vendor_ids_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
-- example:
CREATE OR REPLACE VIEW vendor_list AS SELECT id FROM vendors;
DROP TRIGGER IF EXISTS vendor_list_write ON vendor_list;
CREATE TRIGGER vendor_list_write INSTEAD OF INSERT ON vendor_list FOR EACH ROW EXECUTE FUNCTION vendor_ids_write();

-- case: set_config counts as SET
-- example:
SELECT set_config('lock_timeout', '3s', false);
CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION f();

-- case: SET SESSION in a golang-migrate file
-- options: layout=golang-migrate
-- example:
SET SESSION lock_timeout = 5000;
ALTER TABLE orders DROP COLUMN IF EXISTS note;

-- case: validate and attach do not block writes
-- example:
ALTER TABLE orders VALIDATE CONSTRAINT orders_fk;
ALTER TABLE events ATTACH PARTITION events_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE INDEX CONCURRENTLY i ON orders (id);

-- case: one finding per script, at the first wait that queues reads (a write-only wait before it is not told apart)
-- example:
CREATE INDEX i ON orders (id);
-- expect: lock-timeout-missing
ALTER TABLE orders ADD COLUMN c int;
ALTER TABLE orders ADD COLUMN d int;

-- case: one finding per script, at the first statement, where every wait queues only writes
-- example:
-- expect: lock-timeout-missing
CREATE INDEX i ON orders (id);
CREATE TABLE lines (id int, order_id bigint REFERENCES orders (id));

-- case: a new foreign key locks the referenced existing table
-- example:
CREATE TABLE lines (id int, order_id bigint);
-- expect: lock-timeout-missing
ALTER TABLE lines ADD CONSTRAINT lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);

-- case: a down dropping the table its up created
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS refunds (id bigint);
-- example:
DROP TABLE IF EXISTS refunds;

-- case: a down is not checked, even where it alters an existing table beyond undoing its up (a rollback is run by hand)
-- options: layout=golang-migrate down
-- up:
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
-- example:
ALTER TABLE orders DROP COLUMN IF EXISTS note, DROP COLUMN IF EXISTS legacy_note;

-- case: dbmate wraps the section, so SET LOCAL holds for the whole section
-- options: layout=dbmate
-- example:
SET LOCAL lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN d int;
CREATE INDEX j ON orders (d);

-- case: a new table's foreign key locks the existing referenced table against writes
-- example:
-- expect: lock-timeout-missing
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id) ON DELETE CASCADE);

-- case: a new table referencing itself or a table created earlier in the script locks nothing in use
-- example:
CREATE TABLE carts (id bigint PRIMARY KEY, parent_id bigint REFERENCES carts (id));
CREATE TABLE cart_lines (id bigint PRIMARY KEY, cart_id bigint, FOREIGN KEY (cart_id) REFERENCES carts (id));

-- case: DROP TRIGGER takes ACCESS EXCLUSIVE on its table
-- example:
-- expect: lock-timeout-missing
DROP TRIGGER IF EXISTS orders_audit ON orders;

-- case: a down dropping a trigger of the table its up created
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS refunds (id bigint);
-- example:
DROP TRIGGER IF EXISTS refunds_audit ON refunds;
DROP TABLE IF EXISTS refunds;

-- case: a down dropping only the column and constraint its own up added undoes the up: no lock to guard
-- options: layout=golang-migrate down
-- up:
ALTER TABLE orders ADD COLUMN note text, ADD CONSTRAINT orders_note_len CHECK (char_length(note) < 100) NOT VALID;
-- example:
ALTER TABLE orders DROP CONSTRAINT orders_note_len, DROP COLUMN note;

-- case: a down's drop of its up's index is not reported, but holds the table: the next lock there cannot wait
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint, status text);
-- up:
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
-- example:
DROP INDEX IF EXISTS orders_status_idx;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';

-- case: a lock on another table after it is not reported either: downs are not checked
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint, status text);
CREATE TABLE IF NOT EXISTS refunds (id bigint);
-- up:
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
-- example:
DROP INDEX IF EXISTS orders_status_idx;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
ALTER TABLE refunds ADD COLUMN note text;

-- case: a foreign key's lock on a table the folder documents as a lookup table queues no write of the application
-- setup:
CREATE TABLE IF NOT EXISTS session_flags (id int PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamp);
COMMENT ON TABLE session_flags IS 'Reference table of flags that can be raised on a session';
-- example:
CREATE TABLE moderation_rules_flags (flag_id int NOT NULL REFERENCES session_flags (id), rule text);
ALTER TABLE moderation_rules_flags ADD CONSTRAINT moderation_rules_flags_flag_fk FOREIGN KEY (flag_id)
    REFERENCES session_flags (id);

-- case: the same for a table of seed data the migrations insert
-- setup:
CREATE TABLE IF NOT EXISTS colour (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO colour (id, name) VALUES (1, 'red'), (2, 'green');
-- example:
CREATE TABLE shirts (id bigint PRIMARY KEY, colour_id int REFERENCES colour (id));

-- case: a foreign key to an application table beside it is still reported
-- setup:
CREATE TABLE IF NOT EXISTS session_flags (id int PRIMARY KEY, name text NOT NULL UNIQUE);
COMMENT ON TABLE session_flags IS 'Reference table of flags that can be raised on a session';
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email text);
-- example:
-- expect: lock-timeout-missing
CREATE TABLE user_flags (flag_id int REFERENCES session_flags (id), user_id bigint REFERENCES users (id));

-- case: an existing table that gets the reference is locked itself
-- setup:
CREATE TABLE IF NOT EXISTS session_flags (id int PRIMARY KEY, name text NOT NULL UNIQUE);
COMMENT ON TABLE session_flags IS 'Reference table of flags that can be raised on a session';
CREATE TABLE IF NOT EXISTS sessions (id bigint PRIMARY KEY);
-- example:
-- expect: lock-timeout-missing
ALTER TABLE sessions ADD COLUMN flag_id int REFERENCES session_flags (id);

-- case: other locks on a lookup table block its reads or its writes as on any table
-- setup:
CREATE TABLE IF NOT EXISTS session_flags (id int PRIMARY KEY, name text NOT NULL UNIQUE);
COMMENT ON TABLE session_flags IS 'Reference table of flags that can be raised on a session';
-- example:
-- expect: lock-timeout-missing
ALTER TABLE session_flags ADD COLUMN description text;

-- case: a table built to hold one row is no such lookup table: its row is often state the application updates
-- setup:
CREATE TABLE IF NOT EXISTS job_state (id int PRIMARY KEY CHECK (id = 1), last_run bigint);
-- example:
-- expect: lock-timeout-missing
CREATE TABLE job_runs (state_id int REFERENCES job_state (id), took bigint);

-- case: a statement that succeeds only on an empty table (a NOT NULL column without a default) is the error's finding
-- example:
ALTER TABLE orders ADD COLUMN region text NOT NULL;
-- expect: lock-timeout-missing
ALTER TABLE orders ADD COLUMN note text;

-- case: a DROP TABLE IF EXISTS of a table an earlier migration dropped locks no table its foreign keys referenced
-- setup:
CREATE TABLE IF NOT EXISTS buyers (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS old_orders (id bigint, buyer_id bigint REFERENCES buyers (id));
DROP TABLE old_orders;
-- example:
DROP TABLE IF EXISTS old_orders;

-- case: a swap keeps the name in use: the drop of the old table waits for, and then blocks, its queries
-- example:
CREATE TABLE orders_new (id bigint, customer_id bigint);
INSERT INTO orders_new SELECT id, customer_id FROM orders;
-- expect: lock-timeout-missing
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;

-- case: a plain index build is require-concurrent-index's finding; its SHARE lock is not reported here as well
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz);
-- example:
-- expect: require-concurrent-index
CREATE INDEX orders_placed_at_idx ON orders (placed_at);

-- case: with require-concurrent-index off, the build's SHARE lock is this rule's note
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz);
-- example:
-- expect: lock-timeout-missing
CREATE INDEX orders_placed_at_idx ON orders (placed_at);

-- case: dropping a view to make it again waits for its queries, and they for it
-- options: layout=golang-migrate
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
CREATE VIEW order_totals AS SELECT id, total FROM orders;
-- example:
-- expect: lock-timeout-missing
DROP VIEW order_totals;
CREATE VIEW order_totals AS SELECT id, total, total * 1.2 AS gross FROM orders;

-- case: a view dropped for good is like a dropped table: only code still using it waits, and it breaks anyway
-- options: layout=golang-migrate
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
CREATE MATERIALIZED VIEW order_totals AS SELECT id, total FROM orders;
-- example:
DROP MATERIALIZED VIEW order_totals;

-- case: a safety-assured block accepts an operation's cost, not an unbounded lock wait
-- options: layout=diesel
-- setup:
CREATE TABLE versions (id int PRIMARY KEY, semver_ord_v2 bigint);
-- example:
-- safety-assured:start
-- expect: lock-timeout-missing
ALTER TABLE versions ALTER COLUMN semver_ord_v2 SET NOT NULL;
-- safety-assured:end

-- case: a DROP INDEX IF EXISTS of an index already gone takes no lock: the wait is at the next statement
-- options: layout=flyway
-- setup:
CREATE TABLE queue (id int PRIMARY KEY, queue_name text NOT NULL);
CREATE UNIQUE INDEX unique_queue_name ON queue (queue_name);
DROP INDEX unique_queue_name;
-- example:
DROP INDEX IF EXISTS unique_queue_name;
-- expect: lock-timeout-missing
ALTER TABLE queue ADD COLUMN note text;
