-- case: objects dropped with their table count as dropped
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, created_at timestamptz);
CREATE INDEX IF NOT EXISTS orders_created_at_idx ON orders (created_at);
ALTER TABLE orders ADD CONSTRAINT orders_id_check CHECK (id > 0);
CREATE TYPE mood AS ENUM ('a');
-- example:
-- expect-file: down-incomplete
DROP TABLE IF EXISTS orders;

-- case: a column dropped by the up must be re-added
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, nickname text);
-- up:
ALTER TABLE users DROP COLUMN IF EXISTS nickname;
CREATE INDEX IF NOT EXISTS users_id_idx ON users (id);
-- example:
-- expect-file: down-incomplete
DROP INDEX IF EXISTS users_id_idx;

-- case: a rename reversed and a function replaced with its old body
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email text);
-- up:
ALTER TABLE users RENAME COLUMN email TO email_address;
CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 2';
CREATE SCHEMA IF NOT EXISTS app;
-- example:
-- expect-file: down-incomplete
ALTER TABLE users RENAME COLUMN email_address TO email;
CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';
