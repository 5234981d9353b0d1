-- case: the rebuild of a column under its own name (add, copy, drop, rename) is not a reuse
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- example:
ALTER TABLE orders ADD COLUMN status_new integer;
UPDATE orders SET status_new = 1 WHERE status = 'paid';
ALTER TABLE orders DROP COLUMN status;
ALTER TABLE orders RENAME COLUMN status_new TO status;

-- case: a column renamed back before the add is not a reuse
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, status text, state text);
-- example:
ALTER TABLE orders RENAME COLUMN status TO status_tmp;
ALTER TABLE orders RENAME COLUMN status_tmp TO status;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS state2 text;

-- case: another table's column of the same name is not a reuse
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE TABLE invoices (id bigint PRIMARY KEY);
-- example:
ALTER TABLE orders RENAME COLUMN status TO status_text;
ALTER TABLE invoices ADD COLUMN status integer;

-- case: a table rebuilt with the same columns and types keeps old code working
-- setup:
CREATE TABLE payments (id serial PRIMARY KEY, amount numeric(12, 2));
-- example:
ALTER TABLE payments RENAME TO payments_old;
CREATE TABLE payments (id integer PRIMARY KEY, amount numeric(12, 2), note text);
INSERT INTO payments (id, amount) SELECT id, amount FROM payments_old;
DROP TABLE payments_old;

-- case: a table rebuilt with a column's type changed
-- setup:
CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(12, 2));
-- example:
ALTER TABLE payments RENAME TO payments_old;
-- expect: renamed-name-reused
CREATE TABLE payments (id bigint PRIMARY KEY, amount bigint);

-- case: a down is checked too
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- up:
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
-- example:
ALTER TABLE orders DROP COLUMN IF EXISTS note;
ALTER TABLE orders RENAME COLUMN status TO status_text;
-- expect: renamed-name-reused
ALTER TABLE orders ADD COLUMN status integer;

-- case: a down restoring the table its up rebuilt under a new shape gives rollback code what it expects
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE images (id bigint PRIMARY KEY, alias text);
-- up:
ALTER TABLE images RENAME TO images_old;
CREATE TABLE images (id bigint PRIMARY KEY, alias text, person_id bigint);
INSERT INTO images (id, alias) SELECT id, alias FROM images_old;
DROP TABLE images_old;
-- example:
ALTER TABLE images RENAME TO images_new;
CREATE TABLE images (id bigint PRIMARY KEY, alias text);
INSERT INTO images (id, alias) SELECT id, alias FROM images_new;
DROP TABLE images_new;

-- case: a down giving two tables back the names they had before its up (CredHub's V43 reversed)
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS credential (id bigint PRIMARY KEY, version text);
CREATE TABLE IF NOT EXISTS credential_name (id bigint PRIMARY KEY, name text);
-- up:
ALTER TABLE credential RENAME TO credential_version;
ALTER TABLE credential_name RENAME TO credential;
-- example:
ALTER TABLE credential RENAME TO credential_name;
ALTER TABLE credential_version RENAME TO credential;
