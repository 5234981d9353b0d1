-- case: CASCADE is an error and still reported once
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY);
-- example:
-- expect: truncate
TRUNCATE accounts RESTART IDENTITY CASCADE;

-- case: a table created in the same script
CREATE TABLE IF NOT EXISTS scratch (id int);
TRUNCATE scratch;
-- expect: truncate
TRUNCATE other;
