-- case: statements inside DO blocks and function bodies are not top-level
DO $$ BEGIN
    CREATE TYPE mood AS ENUM ('happy');
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE t (id int); END $$;
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);
INSERT INTO plain VALUES (1);

-- case: a create preceded by a drop of the same object is repeatable
DROP TRIGGER IF EXISTS t_touch ON t;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
DROP POLICY IF EXISTS p ON t;
CREATE POLICY p ON t USING (true);
DROP TYPE IF EXISTS mood;
CREATE TYPE mood AS ENUM ('happy');
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);
INSERT INTO plain VALUES (1);

-- case: OR REPLACE and IF NOT EXISTS count
CREATE OR REPLACE VIEW v AS SELECT 1 AS one;
CREATE SCHEMA IF NOT EXISTS app;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SEQUENCE IF NOT EXISTS s;
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);
INSERT INTO plain VALUES (1);

-- case: trigger, policy, constraint, extension without a guard
-- expect: non-idempotent-ddl
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
-- expect: non-idempotent-ddl
CREATE POLICY p ON t USING (true);
-- expect: non-idempotent-ddl
ALTER TABLE t ADD CONSTRAINT t_id_check CHECK (id > 0);
-- expect: non-idempotent-ddl
CREATE EXTENSION pgcrypto;
-- expect: non-idempotent-ddl
ALTER TABLE t DROP COLUMN note;
INSERT INTO t DEFAULT VALUES;

-- case: dropping what the same script created
CREATE TABLE IF NOT EXISTS scratch (id int);
DROP TABLE scratch;
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);
INSERT INTO plain VALUES (1);

-- case: a tool that wraps the script in a transaction undoes all of it when a later statement fails
-- options: layout=dbmate
-- example:
CREATE TABLE plain (id int);
CREATE INDEX plain_id ON plain (id);
ALTER TABLE plain ADD COLUMN note text;

-- case: a hand-run psql script wrapped in BEGIN … COMMIT is undone as a whole by any failure
-- example:
\set ON_ERROR_STOP 1
BEGIN;
CREATE TABLE plain (id int);
ALTER TABLE plain ADD COLUMN note text;
COMMIT;

-- case: a hand-run psql script without a transaction commits each statement before the next one can fail
-- example:
\set ON_ERROR_STOP 1
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);
ALTER TABLE plain ADD COLUMN note text;

-- case: a tool-run script whose BEGIN … COMMIT covers everything is undone as a whole
-- options: layout=golang-migrate
-- example:
BEGIN;
CREATE TABLE plain (id int);
ALTER TABLE plain ADD COLUMN note text;
COMMIT;

-- case: statements committed before later ones run are what a re-run trips over
-- options: layout=golang-migrate
-- example:
BEGIN;
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);
COMMIT;
ALTER TABLE plain ADD COLUMN note text;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';

-- case: a golang-migrate file of one statement is atomic, unless the statement cannot run in a transaction
-- options: layout=golang-migrate
-- example:
ALTER TABLE plain ADD COLUMN note text, ADD COLUMN seen boolean;

-- case: a failed concurrent build leaves an invalid index behind, so a re-run fails on it
-- options: layout=golang-migrate
-- example:
-- expect: non-idempotent-ddl
CREATE INDEX CONCURRENTLY plain_id ON plain (id);

-- case: a Flyway repeatable runs again on a schema that has its objects, transaction or not
-- options: layout=flyway file=R__views.sql
-- example:
CREATE OR REPLACE VIEW v AS SELECT 1 AS one;
-- expect: non-idempotent-ddl
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();

-- case: a DO block's statements are judged unless a PL/pgSQL guard protects them
-- options: layout=numbered
-- example:
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'audit') THEN
        CREATE TABLE audit (id int);
    END IF;
    BEGIN
        CREATE TYPE mood AS ENUM ('happy');
    EXCEPTION WHEN duplicate_object THEN NULL;
    END;
END $$;
-- expect: non-idempotent-ddl
DO $$ BEGIN CREATE TABLE plain (id int); END $$;
ALTER TABLE plain ADD COLUMN IF NOT EXISTS note text;
