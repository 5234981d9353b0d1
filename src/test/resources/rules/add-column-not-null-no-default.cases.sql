-- case: a table created in the same script is empty
-- example:
CREATE TABLE customers (id bigint);
ALTER TABLE customers ADD COLUMN country text NOT NULL;

-- case: defaults, generated values and nullable columns are fine
-- setup:
CREATE TABLE customers (id bigint);
-- example:
ALTER TABLE customers ADD COLUMN country text NOT NULL DEFAULT 'xx';
ALTER TABLE customers ADD COLUMN seq bigserial NOT NULL;
ALTER TABLE customers ADD COLUMN pos bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
ALTER TABLE customers ADD COLUMN note text;

-- case: PRIMARY KEY implies NOT NULL and an explicit NULL default is no default
-- setup:
CREATE TABLE customers (email text);
-- example:
-- expect: add-column-not-null-no-default
ALTER TABLE customers ADD COLUMN id bigint PRIMARY KEY;
-- expect: add-column-not-null-no-default
ALTER TABLE customers ADD COLUMN region text NOT NULL DEFAULT NULL;

-- case: downs are checked too
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE customers (id bigint);
-- up:
ALTER TABLE customers DROP COLUMN country;
-- example:
-- expect: add-column-not-null-no-default
ALTER TABLE customers ADD COLUMN country text NOT NULL;
