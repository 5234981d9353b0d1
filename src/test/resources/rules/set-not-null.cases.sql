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
