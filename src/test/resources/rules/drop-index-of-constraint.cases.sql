-- case: a down that mirrors an up adding a unique constraint with DROP INDEX fails at rollback (ente's 7_add_unique_usage_user_id); down-incomplete leaves it to this rule
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS usage (user_id bigint, storage bigint);
-- up:
ALTER TABLE usage ADD CONSTRAINT usage_user_id_unique_constraint_index UNIQUE (user_id);
-- example:
-- expect: drop-index-of-constraint
DROP INDEX usage_user_id_unique_constraint_index;

-- case: an index a constraint took over with USING INDEX is the constraint's
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_name_idx ON jobs (name);
ALTER TABLE jobs ADD CONSTRAINT jobs_name_uq UNIQUE USING INDEX jobs_name_idx;
-- example:
-- expect: drop-index-of-constraint
DROP INDEX IF EXISTS jobs_name_uq;

-- case: the constraint dropped first (Marquez's V45): the index went with it
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_name_idx ON jobs (name);
ALTER TABLE jobs ADD CONSTRAINT jobs_name_uq UNIQUE USING INDEX jobs_name_idx;
-- example:
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_name_uq;
DROP INDEX IF EXISTS jobs_name_uq;

-- case: a plain unique index is dropped as any index
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_name_idx ON jobs (name);
-- example:
DROP INDEX CONCURRENTLY IF EXISTS jobs_name_idx;

-- case: the same constraint name in two schemas, and a DROP INDEX that does not say which
-- setup:
CREATE SCHEMA IF NOT EXISTS archive;
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text, CONSTRAINT jobs_name_key UNIQUE (name));
CREATE TABLE IF NOT EXISTS archive.jobs (id bigint, name text, CONSTRAINT jobs_name_key UNIQUE (name));
-- example:
DROP INDEX IF EXISTS jobs_name_key;

-- case: a schema-qualified DROP INDEX picks its schema's constraint
-- setup:
CREATE SCHEMA IF NOT EXISTS archive;
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text, CONSTRAINT jobs_name_key UNIQUE (name));
CREATE TABLE IF NOT EXISTS archive.jobs (id bigint, name text, CONSTRAINT jobs_name_key UNIQUE (name));
-- example:
-- expect: drop-index-of-constraint
DROP INDEX IF EXISTS archive.jobs_name_key;
