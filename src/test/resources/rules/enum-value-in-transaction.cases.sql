-- case: a value used only after COMMIT
-- example:
BEGIN;
ALTER TYPE mood ADD VALUE 'meh';
COMMIT;
INSERT INTO t (m) VALUES ('meh');

-- case: used inside a function body in the same transaction
-- options: layout=sqlx
-- example:
ALTER TYPE mood ADD VALUE 'meh';
-- expect: enum-value-in-transaction
DO $$ BEGIN UPDATE t SET m = 'meh'; END $$;

-- case: below 12 a type created in the same transaction may get values
-- options: layout=dbmate pg=11
-- example:
CREATE TYPE mood2 AS ENUM ('a');
ALTER TYPE mood2 ADD VALUE 'b';

-- case: from 12 a value added to a type created in the same transaction is still unusable
-- options: layout=dbmate
-- example:
CREATE TYPE mood2 AS ENUM ('a');
ALTER TYPE mood2 ADD VALUE 'b';
-- expect: enum-value-in-transaction
SELECT 'b'::mood2;

-- case: a later ALTER TYPE … AFTER the new value is allowed
-- options: layout=diesel
-- example:
ALTER TYPE mood ADD VALUE 'b';
ALTER TYPE mood ADD VALUE 'c' AFTER 'b';

-- case: golang-migrate single statement below 12 runs outside a transaction
-- options: layout=golang-migrate pg=10
-- example:
ALTER TYPE mood ADD VALUE 'b';

-- case: explicit BEGIN below 12
-- options: pg=11
-- example:
BEGIN;
-- expect: enum-value-in-transaction
ALTER TYPE mood ADD VALUE 'b';
COMMIT;

-- case: a literal compared with the column cast to text is text, not the new value (lakekeeper's CHECK)
-- options: layout=sqlx
-- setup:
CREATE TYPE api_endpoints AS ENUM ('list');
CREATE TABLE IF NOT EXISTS idempotency_record (operation api_endpoints NOT NULL);
-- example:
ALTER TYPE api_endpoints ADD VALUE IF NOT EXISTS 'drop';
ALTER TABLE idempotency_record ADD CONSTRAINT idempotency_operation_check CHECK (operation::text IN ('list', 'drop'));
ALTER TABLE idempotency_record ADD CONSTRAINT idempotency_operation_check2 CHECK (operation::text <> 'drop');
SELECT 'drop'::text;

-- case: the same list compared with the enum column itself uses the new value
-- options: layout=sqlx
-- setup:
CREATE TYPE api_endpoints AS ENUM ('list');
CREATE TABLE IF NOT EXISTS idempotency_record (operation api_endpoints NOT NULL);
-- example:
ALTER TYPE api_endpoints ADD VALUE IF NOT EXISTS 'drop';
-- expect: enum-value-in-transaction
ALTER TABLE idempotency_record ADD CONSTRAINT idempotency_operation_check CHECK (operation NOT IN ('list', 'drop'));

-- case: drizzle: a later migration's literal equal to a label still uncommitted, in a statement about another table, is other text
-- options: layout=drizzle
-- setup:
CREATE TYPE order_status AS ENUM ('open', 'closed');
CREATE TABLE orders (id bigint PRIMARY KEY, status order_status);
CREATE TABLE notes (id bigint PRIMARY KEY, kind text);
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';
-- example:
INSERT INTO notes (id, kind) VALUES (1, 'refunded');

-- case: drizzle: a cast to the enum uses the uncommitted label whatever the table
-- options: layout=drizzle
-- setup:
CREATE TYPE order_status AS ENUM ('open', 'closed');
CREATE TABLE notes (id bigint PRIMARY KEY, kind text);
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';
-- example:
-- expect: enum-value-in-transaction
SELECT 'refunded'::order_status;
