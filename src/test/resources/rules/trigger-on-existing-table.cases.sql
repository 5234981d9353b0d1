-- case: a trigger on a table created earlier in the same script locks nobody
CREATE TABLE audit_log (id bigint PRIMARY KEY, changed_at timestamptz);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION stamp();

-- case: the first locking statement belongs to lock-timeout-missing, later trigger changes to this rule
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
-- example:
CREATE TRIGGER orders_stamp BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();
-- expect: trigger-on-existing-table
CREATE TRIGGER customers_stamp BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION stamp();

-- case: once per table: dropping and re-creating the same trigger is one finding
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_stamp BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();
-- example:
-- expect: trigger-on-existing-table
DROP TRIGGER IF EXISTS orders_stamp ON orders;
CREATE TRIGGER orders_stamp BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();

-- case: lock_timeout set before: nothing to report
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
-- example:
SET lock_timeout = '3s';
CREATE TRIGGER orders_stamp BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();
ALTER TABLE orders ENABLE TRIGGER orders_stamp;

-- case: a down dropping the trigger its own up created is the expected reversal
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
-- up:
CREATE TRIGGER orders_stamp BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();
-- example:
DROP TRIGGER orders_stamp ON orders;

-- case: a down dropping a trigger its up did not create is checked like an up
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_legacy BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();
-- up:
ALTER TABLE orders ADD COLUMN IF NOT EXISTS archived boolean;
-- example:
ALTER TABLE orders DROP COLUMN IF EXISTS archived;
-- expect: trigger-on-existing-table
DROP TRIGGER orders_legacy ON orders;
