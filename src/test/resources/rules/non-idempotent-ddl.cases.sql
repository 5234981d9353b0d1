-- case: statements inside DO blocks and function bodies are not top-level
DO $$ BEGIN
    CREATE TYPE mood AS ENUM ('happy');
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE t (id int); END $$;
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);

-- case: a create preceded by a drop of the same object is repeatable
DROP TRIGGER IF EXISTS t_touch ON t;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
DROP POLICY IF EXISTS p ON t;
CREATE POLICY p ON t USING (true);
DROP TYPE IF EXISTS mood;
CREATE TYPE mood AS ENUM ('happy');
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);

-- case: OR REPLACE and IF NOT EXISTS count
CREATE OR REPLACE VIEW v AS SELECT 1 AS one;
CREATE SCHEMA IF NOT EXISTS app;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SEQUENCE IF NOT EXISTS s;
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);

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

-- case: dropping what the same script created
CREATE TABLE IF NOT EXISTS scratch (id int);
DROP TABLE scratch;
-- expect: non-idempotent-ddl
CREATE TABLE plain (id int);
