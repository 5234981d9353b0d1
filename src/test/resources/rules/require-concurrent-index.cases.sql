-- case: index on a table created in the same migration needs no CONCURRENTLY
-- setup:
CREATE TABLE orders (id bigint);
-- example:
CREATE TABLE t (id int);
CREATE INDEX t_id ON t (id);

-- case: a table created, dropped and used again is existing again
-- setup:
CREATE TABLE orders (id bigint);
-- example:
CREATE TABLE orders_tmp (id int);
DROP TABLE orders_tmp;
-- expect: require-concurrent-index
CREATE INDEX orders_tmp_id ON orders_tmp (id);

-- case: ON ONLY a partitioned parent builds nothing
-- setup:
CREATE TABLE events (id bigint, d date) PARTITION BY RANGE (d);
-- example:
CREATE INDEX events_id_idx ON ONLY events (id);

-- case: a down building an index its table did not have before the up is flagged too
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint);
-- up:
ALTER TABLE orders ADD COLUMN note text;
-- example:
-- expect: require-concurrent-index
CREATE INDEX orders_id_idx ON orders (id);

-- case: a down re-creating the index its up dropped restores it: a rollback has no other way back
-- options: layout=golang-migrate down
-- up:
DROP INDEX CONCURRENTLY IF EXISTS orders_id_idx;
-- example:
CREATE INDEX orders_id_idx ON orders (id);

-- case: unique index in a sqlx migration
-- options: layout=sqlx
-- example:
-- expect: require-concurrent-index
CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON users (email);

-- case: schema-qualified table created earlier in the script
-- example:
CREATE TABLE app.users (id int);
CREATE INDEX users_id ON app.users (id);
-- expect: require-concurrent-index
CREATE INDEX users_id2 ON other.users (id);

-- case: the statements a DO block runs are checked in order, an index on the block's own new table is not
-- setup:
CREATE TABLE orders (id bigint, customer_id bigint);
-- example:
-- expect: require-concurrent-index
DO $$
BEGIN
    CREATE TABLE orders_archive (id bigint);
    CREATE INDEX orders_archive_id ON orders_archive (id);
    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'orders_customer_id_idx') THEN
        CREATE INDEX orders_customer_id_idx ON orders (customer_id);
    END IF;
END $$;

-- case: an index built after an ACCESS EXCLUSIVE change to its table in the same transaction blocks reads too
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint);
-- example:
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
-- expect: require-concurrent-index
CREATE INDEX orders_shipped_at_idx ON orders (shipped_at);

-- case: an index built in a down is reported there too, with the down's way out of the transaction
-- options: layout=diesel down
-- setup:
CREATE TABLE orders (id bigint, created_at timestamptz);
-- up:
ALTER TABLE orders ADD COLUMN note text;
-- example:
-- expect: require-concurrent-index
CREATE INDEX orders_created_idx ON orders (created_at);

-- case: an index on a materialized view blocks nothing but its REFRESH (reported as a note)
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, customer_id bigint);
CREATE MATERIALIZED VIEW IF NOT EXISTS order_counts AS SELECT customer_id, count(*) AS n FROM orders GROUP BY 1;
-- example:
-- expect: require-concurrent-index
CREATE INDEX order_counts_customer_idx ON order_counts (customer_id);

-- case: a rebuild builds a copy of an index it then drops: the usual CONCURRENTLY help, not "a copy for nothing"
-- options: layout=flyway
-- setup:
CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY, a int);
CREATE INDEX IF NOT EXISTS t_a_idx ON t (a);
-- example:
SET lock_timeout = '5s';
-- expect: require-concurrent-index
CREATE INDEX t_a_idx_new ON t (a);
-- expect: require-concurrent-drop-index
DROP INDEX t_a_idx;
ALTER INDEX t_a_idx_new RENAME TO t_a_idx;

-- case: an index built after the transaction rewrote its table adds little to that lock (lakekeeper's tasks_store_their_state)
-- options: layout=sqlx
-- setup:
CREATE TYPE task_status AS ENUM ('running', 'pending');
CREATE TABLE IF NOT EXISTS task (id bigint PRIMARY KEY, status task_status, queue_name text);
-- example:
SET LOCAL lock_timeout = '5s';
-- expect: change-column-type
ALTER TABLE task ALTER COLUMN status TYPE text USING status::text;
CREATE INDEX task_queue_name_idx ON task (queue_name);

-- case: an index built before the rewrite is reported
-- options: layout=sqlx
-- setup:
CREATE TYPE task_status AS ENUM ('running', 'pending');
CREATE TABLE IF NOT EXISTS task (id bigint PRIMARY KEY, status task_status, queue_name text);
-- example:
SET LOCAL lock_timeout = '5s';
ALTER TABLE task ADD COLUMN note text;
-- expect: require-concurrent-index
CREATE INDEX task_queue_name_idx ON task (queue_name);
-- expect: change-column-type
ALTER TABLE task ALTER COLUMN status TYPE text USING status::text;

-- case: CREATE INDEX IF NOT EXISTS of an index an earlier migration built builds nothing (Genie's V4_0_0_1)
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint PRIMARY KEY, created timestamptz);
CREATE INDEX jobs_created_index ON jobs (created);
-- example:
CREATE INDEX IF NOT EXISTS jobs_created_index ON jobs (created);

-- case: CREATE INDEX IF NOT EXISTS under a name the folder has not used builds it
-- setup:
CREATE TABLE IF NOT EXISTS jobs (id bigint PRIMARY KEY, created timestamptz, updated timestamptz);
CREATE INDEX jobs_created_index ON jobs (created);
-- example:
-- expect: require-concurrent-index
CREATE INDEX IF NOT EXISTS jobs_updated_index ON jobs (updated);

-- case: an index built under the name a table took at an earlier line cannot move before that line
-- setup:
CREATE TABLE IF NOT EXISTS job_applications_requested (job_id bigint, application_id bigint);
-- example:
ALTER TABLE job_applications_requested RENAME TO job_requested_applications;
-- expect: require-concurrent-index
CREATE INDEX job_requested_applications_job_id_index ON job_requested_applications (job_id);

-- case: a DROP INDEX and a build of the same column under a new name are a rename (Genie's V4_0_0)
-- setup:
CREATE TABLE IF NOT EXISTS job_requested_applications (job_id bigint, application_id bigint);
CREATE INDEX job_applications_requested_application_id_index ON job_requested_applications (application_id);
-- example:
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY job_applications_requested_application_id_index;
-- expect: require-concurrent-index
CREATE INDEX job_requested_applications_application_id_index ON job_requested_applications (application_id);

-- case: a sqitch deploy script wrapped in its own BEGIN/COMMIT: the help moves the build after the COMMIT
-- options: layout=sqitch file=indexes/orders_created
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint, created_at timestamptz);
-- example:
BEGIN;
SET LOCAL lock_timeout = '5s';
-- expect: require-concurrent-index
CREATE INDEX orders_created_idx ON orders (created_at);
COMMIT;
