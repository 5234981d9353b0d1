-- case: a table created in the same script needs no care
-- example:
CREATE TABLE accounts (id bigint, email text);
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a check validated earlier in the same script lets PostgreSQL 12+ skip the scan
-- setup:
CREATE TABLE accounts (id bigint, email text);
-- example:
ALTER TABLE accounts ADD CONSTRAINT accounts_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_nn;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a check validated in an earlier migration counts too
-- setup:
CREATE TABLE accounts (id bigint, email text);
ALTER TABLE accounts ADD CONSTRAINT accounts_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_nn;
-- example:
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a NOT VALID check that was never validated proves nothing
-- setup:
CREATE TABLE accounts (id bigint, email text);
-- example:
ALTER TABLE accounts ADD CONSTRAINT accounts_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a check on another column proves nothing for this one
-- setup:
CREATE TABLE accounts (id bigint, email text, name text);
ALTER TABLE accounts ADD CONSTRAINT accounts_name_nn CHECK (name IS NOT NULL);
-- example:
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a column that is already NOT NULL is not scanned
-- setup:
CREATE TABLE accounts (id bigint, email text NOT NULL);
-- example:
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: downs are checked too: this one makes a column NOT NULL that was nullable before the up
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE accounts (id bigint, email text);
-- up:
ALTER TABLE accounts ADD COLUMN note text;
-- example:
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a down restoring the NOT NULL its up dropped is the rollback's only way back (its scan is not reported),
-- here after filling the NULLs the up allowed
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE accounts (id bigint, email text NOT NULL);
-- up:
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
-- example:
UPDATE accounts SET email = '' WHERE email IS NULL;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: several columns in one ALTER TABLE are one scan, so one finding naming them all
-- setup:
CREATE TABLE accounts (id bigint, email text, name text, "Country" text);
-- example:
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL, ALTER COLUMN name SET NOT NULL,
    ALTER COLUMN "Country" SET NOT NULL;

-- case: a column the same transaction added and filled: the scan runs under the lock ADD COLUMN holds anyway
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY);
-- example:
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS region text;
UPDATE accounts SET region = 'eu' WHERE region IS NULL;
ALTER TABLE accounts ALTER COLUMN region SET NOT NULL;

-- case: the same column added in an earlier transaction of the script is a scan under a lock of its own
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY);
-- example:
BEGIN;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS region text;
COMMIT;
UPDATE accounts SET region = 'eu' WHERE region IS NULL;
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN region SET NOT NULL;

-- case: a column added with a constant default needs no scan: it is reported, pointing at its ADD COLUMN
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY);
-- example:
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS plan text DEFAULT 'free';
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN plan SET NOT NULL;

-- case: a column the up added with a constant default in an earlier transaction needs no scan either
-- options: layout=golang-migrate
-- setup:
CREATE TABLE IF NOT EXISTS otts (id bigint PRIMARY KEY);
-- example:
ALTER TABLE otts ADD COLUMN wrong_attempt integer DEFAULT 0;
COMMIT;
BEGIN;
UPDATE otts SET wrong_attempt = 0 WHERE wrong_attempt IS NULL;
-- expect: set-not-null
ALTER TABLE otts ALTER COLUMN wrong_attempt SET NOT NULL;
COMMIT;

-- case: SET NOT NULL in the statement that rewrites the table is checked during the copy
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, email varchar(100));
-- example:
ALTER TABLE accounts ALTER COLUMN email TYPE text USING coalesce(email, ''), ALTER COLUMN email SET NOT NULL;

-- case: on a table the transaction already locked for another change, the first check of its rows is reported once
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, email text, name text);
-- example:
ALTER TABLE accounts RENAME COLUMN name TO full_name;
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN full_name SET NOT NULL;

-- case: a column added under another name and renamed in the same transaction is still the new column
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS entity_data (id text NOT NULL);
-- example:
ALTER TABLE entity_data ADD COLUMN id_uuid uuid;
UPDATE entity_data SET id_uuid = id::uuid WHERE id_uuid IS NULL;
ALTER TABLE entity_data DROP COLUMN id;
ALTER TABLE entity_data RENAME COLUMN id_uuid TO id;
ALTER TABLE entity_data ALTER COLUMN id SET NOT NULL;

-- case: after a whole-table UPDATE under the lock the transaction holds, the finding names the UPDATE
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, total numeric);
-- example:
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS plan text DEFAULT 'free';
-- expect: set-not-null
UPDATE accounts SET plan = 'pro';
ALTER TABLE accounts ALTER COLUMN plan SET NOT NULL;

-- case: an UPDATE that may leave rows out is no whole-table rewrite
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, total numeric);
-- example:
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS plan text DEFAULT 'free';
UPDATE accounts SET plan = 'pro' WHERE total > 100;
-- expect: set-not-null
ALTER TABLE accounts ALTER COLUMN plan SET NOT NULL;

-- case: a safety-assured block (diesel-guard's acknowledgment) accepts the scan, with the team's reason
-- options: layout=diesel
-- setup:
CREATE TABLE versions (id int PRIMARY KEY, semver_ord_v2 bigint);
-- example:
-- safety-assured:start
-- The scan runs in about 3 seconds on production: not worth the CHECK constraint work.
ALTER TABLE versions ALTER COLUMN semver_ord_v2 SET NOT NULL;
-- safety-assured:end

-- case: after the block ends, the next statement is judged again
-- options: layout=diesel
-- setup:
CREATE TABLE versions (id int PRIMARY KEY, a bigint);
CREATE TABLE crates (id int PRIMARY KEY, b bigint);
-- example:
-- safety-assured:start
ALTER TABLE versions ALTER COLUMN a SET NOT NULL;
-- safety-assured:end
-- expect: set-not-null
ALTER TABLE crates ALTER COLUMN b SET NOT NULL;

-- case: the script disables triggers for its backfill: the help's batches must get past them too (cas-cif's project_revision_003)
-- setup:
CREATE TABLE project_revision (id integer PRIMARY KEY, status text);
CREATE FUNCTION immutable_committed() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'Committed records cannot be modified'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER _100_immutable BEFORE UPDATE ON project_revision FOR EACH ROW EXECUTE FUNCTION immutable_committed();
-- example:
BEGIN;
ALTER TABLE project_revision DISABLE TRIGGER _100_immutable;
ALTER TABLE project_revision RENAME status TO revision_status;
-- expect: set-not-null
UPDATE project_revision SET revision_status = (CASE WHEN revision_status = 'Approved' THEN 'Applied' ELSE 'Draft' END);
ALTER TABLE project_revision ALTER COLUMN revision_status SET NOT NULL;
ALTER TABLE project_revision ENABLE TRIGGER _100_immutable;
COMMIT;
-- help: disables triggers of project_revision for this UPDATE, and only inside this transaction
