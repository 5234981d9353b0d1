-- case: an index created earlier in the same script may be dropped directly
-- example:
CREATE INDEX CONCURRENTLY tmp_idx ON orders (id);
DROP INDEX tmp_idx;

-- case: several names, the second one existing
-- example:
CREATE INDEX CONCURRENTLY tmp_idx ON orders (id);
-- expect: require-concurrent-drop-index
DROP INDEX tmp_idx, orders_old_idx;

-- case: a rollback dropping the index its own up built undoes the up: not a lock finding
-- options: layout=diesel down
-- up:
CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);
-- example:
DROP INDEX orders_id_idx;

-- case: a rollback dropping an index the up did not build is still a lock on a live table
-- options: layout=diesel down
-- up:
CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);
-- example:
-- expect: require-concurrent-drop-index
DROP INDEX orders_total_idx;

-- case: DROP INDEX CONCURRENTLY is silent
-- example:
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx;

-- case: a defensive drop of an index named after a table created in the same script
-- example:
CREATE TABLE l_instrument_series (id int, entity0 int);
DROP INDEX IF EXISTS l_instrument_series_idx_uniq;
-- expect: require-concurrent-drop-index
DROP INDEX IF EXISTS l_instrument_idx_uniq;

-- case: a down undoing a table its up created, index first
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS events (id text, user_id bigint);
CREATE INDEX IF NOT EXISTS events_user_id_idx ON events (user_id);
CREATE INDEX IF NOT EXISTS orders_user_idx ON orders (id);
-- example:
DROP INDEX IF EXISTS events_user_id_idx;
DROP INDEX IF EXISTS orders_user_idx;
DROP TABLE IF EXISTS events;

-- case: a drop followed by a build of the same name is a rebuild: one finding at the drop, with the rebuild's help
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint, status text);
CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);
-- example:
-- expect: require-concurrent-drop-index
DROP INDEX orders_status_idx;
CREATE INDEX orders_status_idx ON orders (status) WHERE status <> 'done';

-- case: a table the transaction already holds under ACCESS EXCLUSIVE: the drop waits for nothing
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint, status text);
CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);
CREATE INDEX IF NOT EXISTS orders_id_idx ON orders (id);
-- example:
LOCK TABLE orders;
DROP INDEX orders_status_idx;
DROP INDEX orders_id_idx;

-- case: a second drop on the same table is part of the first one's finding
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint, status text);
CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);
CREATE INDEX IF NOT EXISTS orders_id_idx ON orders (id);
-- example:
-- expect: require-concurrent-drop-index
DROP INDEX orders_status_idx;
DROP INDEX orders_id_idx;

-- case: a rebuild of an index the migrations never created still finds its table from the build
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint, status text);
-- example:
ALTER TABLE orders ADD COLUMN note text;
DROP INDEX IF EXISTS orders_legacy_idx;
CREATE INDEX orders_legacy_idx ON orders (status);

-- case: a defensive drop of the index of a constraint the transaction just dropped from a table it holds
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text);
-- example:
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_name_key;
DROP INDEX IF EXISTS jobs_name_key;

-- case: a defensive drop of an index an earlier migration renamed away (taken over by a constraint) locks nothing
-- options: layout=flyway
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_name_idx ON jobs (name);
ALTER TABLE jobs ADD CONSTRAINT jobs_name_unique UNIQUE USING INDEX jobs_name_idx;
-- example:
SET lock_timeout = '5s';
DROP INDEX IF EXISTS jobs_name_idx;

-- case: a defensive drop of an index the folder still has is reported
-- options: layout=flyway
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint, name text);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_name_idx ON jobs (name);
-- example:
SET lock_timeout = '5s';
-- expect: require-concurrent-drop-index
DROP INDEX IF EXISTS jobs_name_idx;

-- case: a unique index dropped before a key on the same columns is built: promote it instead (USING INDEX)
-- options: layout=flyway
-- setup:
CREATE TABLE queue (id serial PRIMARY KEY, queue_name varchar(255) NOT NULL);
CREATE UNIQUE INDEX unique_queue_name ON queue (queue_name);
-- example:
-- expect: require-concurrent-drop-index
DROP INDEX IF EXISTS unique_queue_name;
ALTER TABLE queue DROP CONSTRAINT IF EXISTS queue_pkey;
ALTER TABLE queue DROP COLUMN IF EXISTS id;
ALTER TABLE queue ADD PRIMARY KEY (queue_name);

-- case: a DROP INDEX IF EXISTS of an index an earlier migration dropped does nothing and locks nothing
-- options: layout=flyway
-- setup:
CREATE TABLE queue (id serial PRIMARY KEY, queue_name varchar(255) NOT NULL);
CREATE UNIQUE INDEX unique_queue_name ON queue (queue_name);
DROP INDEX unique_queue_name;
-- example:
DROP INDEX IF EXISTS unique_queue_name;

-- case: an index of a table created four days before (no released code uses it yet) is dropped directly
-- options: layout=sqlx file=20230105000000_fix_customer_indexes
-- setup:
CREATE TABLE IF NOT EXISTS customers (id bigint PRIMARY KEY, key text);
CREATE INDEX IF NOT EXISTS customers_key_idx ON customers (key);
-- example:
DROP INDEX IF EXISTS customers_key_idx;

-- case: two weeks after the table was created, released code may be reading it
-- options: layout=sqlx file=20230115000000_fix_customer_indexes
-- setup:
CREATE TABLE IF NOT EXISTS customers (id bigint PRIMARY KEY, key text);
CREATE INDEX IF NOT EXISTS customers_key_idx ON customers (key);
-- example:
-- expect: require-concurrent-drop-index
DROP INDEX IF EXISTS customers_key_idx;

-- case: a later ALTER TABLE of the transaction locks the table before the new key is built (lakekeeper's string_role_id)
-- options: layout=sqlx
-- setup:
CREATE TABLE IF NOT EXISTS role (id bigint PRIMARY KEY, project_id text, source_id text);
CREATE UNIQUE INDEX IF NOT EXISTS unique_role_source_id_per_project ON role (project_id, source_id);
-- example:
SET LOCAL lock_timeout = '5s';
DROP INDEX IF EXISTS unique_role_source_id_per_project;
ALTER TABLE role ADD COLUMN provider_id text NOT NULL DEFAULT 'lakekeeper';
ALTER TABLE role ADD CONSTRAINT unique_role_provider_source_in_project UNIQUE (project_id, provider_id, source_id);

-- case: a build before any other exclusive lock runs with the table unreadable because of the drop
-- options: layout=sqlx
-- setup:
CREATE TABLE IF NOT EXISTS role (id bigint PRIMARY KEY, project_id text, source_id text);
CREATE UNIQUE INDEX IF NOT EXISTS unique_role_source_id_per_project ON role (project_id, source_id);
-- example:
SET LOCAL lock_timeout = '5s';
-- expect: require-concurrent-drop-index
DROP INDEX IF EXISTS unique_role_source_id_per_project;
CREATE INDEX IF NOT EXISTS role_source_idx ON role (source_id);
ALTER TABLE role ADD COLUMN provider_id text NOT NULL DEFAULT 'lakekeeper';

-- case: the index went with its table, dropped just before (trieve's drop-user-plans-table)
-- options: layout=diesel
-- setup:
CREATE TABLE IF NOT EXISTS user_plans (id bigint PRIMARY KEY, stripe_customer_id text);
CREATE INDEX IF NOT EXISTS idx_user_plans_stripe_customer_id ON user_plans (stripe_customer_id);
-- example:
SET LOCAL lock_timeout = '5s';
-- expect: drop-table
DROP TABLE IF EXISTS user_plans;
DROP INDEX IF EXISTS idx_user_plans_stripe_customer_id;

-- case: IF EXISTS on an index no migration made (a cleanup after dropping its tables) finds none and locks nothing
-- setup:
CREATE TABLE IF NOT EXISTS webdav_sync_sessions (id bigint PRIMARY KEY, user_id bigint, started_at timestamptz);
CREATE INDEX IF NOT EXISTS idx_webdav_sync_sessions_started_at ON webdav_sync_sessions (started_at);
-- example:
DROP INDEX IF EXISTS idx_webdav_sync_sessions_user_source;

-- case: an unnamed index is known by the name PostgreSQL gave it
-- setup:
CREATE TABLE IF NOT EXISTS spoke_optimistic_roots (id bigint PRIMARY KEY, domain text, root text);
CREATE UNIQUE INDEX ON spoke_optimistic_roots (domain, root);
-- example:
-- expect: require-concurrent-drop-index
DROP INDEX IF EXISTS spoke_optimistic_roots_domain_root_idx;
