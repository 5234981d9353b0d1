
-- case: a dbmate up whose last statement has no ';' ends at the down marker, so the down is not empty
-- options: layout=dbmate
-- example:
-- migrate:up
CREATE TABLE IF NOT EXISTS users_roles (user_id uuid NOT NULL, role_id int NOT NULL, PRIMARY KEY (user_id, role_id))
-- migrate:down
DROP TABLE IF EXISTS users_roles CASCADE;

-- case: a down with only a comment that says so
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS invoices (id bigint PRIMARY KEY);
-- example:
-- irreversible: the table holds customer data

-- case: an enum value cannot be removed, so its down is empty on purpose
-- options: layout=golang-migrate down
-- setup:
CREATE TYPE mood AS ENUM ('sad', 'ok');
-- up:
ALTER TYPE mood ADD VALUE 'happy';
-- example:
-- (see the up)

-- case: a backfill has no down
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- up:
UPDATE orders SET total = 0 WHERE total IS NULL;
-- example:

-- case: an empty down after a schema change is reported
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS invoices (id bigint PRIMARY KEY);
-- example:
-- expect-file: down-empty
