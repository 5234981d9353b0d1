-- case: plain counters are not keys
CREATE TABLE items (id bigint PRIMARY KEY, quantity integer, position smallint);

-- case: bigint keys and bigserial are fine
CREATE TABLE items (id bigserial PRIMARY KEY, owner_id bigint);

-- case: a table primary key, a foreign key constraint, and an _id column
-- expect: prefer-bigint
CREATE TABLE items (code int, parent int, owner_id int, PRIMARY KEY (code), FOREIGN KEY (parent) REFERENCES items (code));

-- case: ADD COLUMN and ALTER COLUMN TYPE
-- setup:
CREATE TABLE items (id bigint PRIMARY KEY);
-- example:
-- expect: prefer-bigint
ALTER TABLE items ADD COLUMN category_id integer;
-- expect: prefer-bigint
ALTER TABLE items ALTER COLUMN id TYPE integer;

-- case: temporary tables vanish with the session
CREATE TEMPORARY TABLE scratch (id integer PRIMARY KEY);
