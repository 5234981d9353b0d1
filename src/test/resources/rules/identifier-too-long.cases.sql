-- case: exactly 63 bytes is fine
CREATE TABLE t (id bigint);
CREATE INDEX abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh ON t (id);

-- case: 64 bytes is too long
CREATE TABLE t (id bigint);
-- expect: identifier-too-long
CREATE INDEX abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij ON t (id);

-- case: the limit is bytes, not characters (40 characters, 80 bytes)
-- expect: identifier-too-long
CREATE TABLE "ääääääääääääääääääääääääääääääääääääääää" (id bigint);

-- case: a constraint name added by ALTER TABLE
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- example:
-- expect: identifier-too-long
ALTER TABLE orders ADD CONSTRAINT orders_total_must_be_positive_because_refunds_are_separate_rows_x CHECK (total > 0);

-- case: a rename target
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- example:
-- expect: identifier-too-long
ALTER TABLE orders RENAME COLUMN total TO total_amount_including_taxes_and_shipping_but_excluding_discounts;

-- case: referencing an existing long name is not creating it
DROP INDEX IF EXISTS abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij;
