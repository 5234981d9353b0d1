-- case: a down dropping the table its up created is the normal reversal
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS invoices (id bigint PRIMARY KEY);
-- example:
DROP TABLE IF EXISTS invoices;
-- expect: drop-table
DROP TABLE IF EXISTS legacy_archive;

-- case: a down dropping a table its up did not create loses data
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS customers (id bigint PRIMARY KEY);
-- up:
CREATE TABLE IF NOT EXISTS invoices (id bigint PRIMARY KEY);
-- example:
DROP TABLE IF EXISTS invoices;
-- expect: drop-table
DROP TABLE IF EXISTS customers;

-- case: a table created earlier in the same script
CREATE TABLE IF NOT EXISTS scratch (id int);
DROP TABLE IF EXISTS scratch;
-- expect: drop-table
DROP TABLE IF EXISTS other_table;
