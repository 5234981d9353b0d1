-- case: a unique constraint on a table created in the same script builds on an empty table
-- example:
CREATE TABLE users (id bigint, email text);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);

-- case: USING INDEX only attaches an index built beforehand
-- setup:
CREATE TABLE users (id bigint, email text);
-- example:
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;

-- case: an unnamed unique constraint on several columns
-- setup:
CREATE TABLE users (id bigint, tenant_id bigint, email text);
-- example:
-- expect: add-unique-constraint
ALTER TABLE users ADD UNIQUE (tenant_id, email);

-- case: downs are checked too: this one adds a constraint the table did not have before the up
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE users (id bigint, email text);
-- up:
ALTER TABLE users ADD COLUMN nickname text;
-- example:
-- expect: add-unique-constraint
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);

-- case: a down re-adding the unique constraint its up dropped restores it: nothing to weigh there
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE users (id bigint, email text CONSTRAINT users_email_key UNIQUE);
-- up:
ALTER TABLE users DROP CONSTRAINT users_email_key;
-- example:
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);

-- case: one statement adding several unique constraints is one finding, at the first, naming the others
-- setup:
CREATE TABLE users (id bigint, email text, handle text);
-- example:
-- expect: add-unique-constraint
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email),
    ADD CONSTRAINT users_handle_key UNIQUE (handle);

-- case: re-adding a constraint on a column the migration adds: the help swaps the drop and the add in one statement
-- options: layout=flyway
-- setup:
CREATE TABLE jobs (uuid uuid PRIMARY KEY, namespace_uuid uuid, name varchar NOT NULL);
ALTER TABLE jobs ADD CONSTRAINT unique_jobs_namespace_uuid_name UNIQUE (namespace_uuid, name);
-- example:
ALTER TABLE jobs RENAME COLUMN name TO simple_name;
ALTER TABLE jobs ADD COLUMN name varchar;
UPDATE jobs SET name = simple_name;
ALTER TABLE jobs DROP CONSTRAINT unique_jobs_namespace_uuid_name;
-- expect: add-unique-constraint
ALTER TABLE jobs ADD CONSTRAINT unique_jobs_namespace_uuid_name UNIQUE (namespace_uuid, name);

-- case: the help's index keeps NULLS NOT DISTINCT (lakekeeper's unique live names)
-- setup:
CREATE TABLE IF NOT EXISTS tabular (id bigint PRIMARY KEY, namespace_id bigint, name text, deleted_at timestamptz);
-- example:
SET lock_timeout = '5s';
-- expect: add-unique-constraint
ALTER TABLE tabular ADD CONSTRAINT unique_name_per_namespace_id UNIQUE NULLS NOT DISTINCT (namespace_id, name, deleted_at);
