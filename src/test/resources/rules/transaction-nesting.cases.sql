-- case: dbmate transaction:false section may hold its own transaction
-- options: layout=dbmate
-- example:
-- migrate:up transaction:false
BEGIN;
SELECT 1;
COMMIT;
-- migrate:down
SELECT 1;

-- case: ROLLBACK inside Flyway's transaction
-- options: layout=flyway
-- example:
SELECT 1;
-- expect: transaction-nesting
ROLLBACK;

-- case: two sequential transactions are fine
-- options: layout=rollback-suffix
-- example:
BEGIN;
SELECT 1;
COMMIT;
BEGIN;
SELECT 2;
COMMIT;

-- case: COMMIT inside a DO block that runs in the tool's transaction
-- options: layout=sqlx
-- example:
-- expect: transaction-nesting
DO $$
BEGIN
    UPDATE orders SET status = 'done' WHERE status IS NULL;
    COMMIT;
END $$;

-- case: COMMIT inside a DO block that runs alone, outside a transaction
-- options: layout=golang-migrate
-- example:
DO $$
BEGIN
    UPDATE orders SET status = 'done' WHERE status IS NULL;
    COMMIT;
END $$;

-- case: before PostgreSQL 11 a DO block cannot COMMIT at all
-- options: layout=golang-migrate pg=10
-- example:
-- expect: transaction-nesting
DO $$ BEGIN UPDATE orders SET status = 'done' WHERE status IS NULL; COMMIT; END $$;

-- case: a placeholder down of nothing but BEGIN; COMMIT; runs nothing outside the tool's transaction
-- options: layout=diesel down
-- up:
ALTER TABLE IF EXISTS issuecomment ALTER COLUMN id SET DATA TYPE bigint;
-- example:
-- TODO: is there a reasonable rollback procedure?
begin; commit;

-- case: BEGIN; COMMIT; before the statements ends diesel's transaction before they run
-- options: layout=diesel
-- example:
-- expect: transaction-nesting
begin;
-- expect: transaction-nesting
commit;
SELECT 1;

-- case: BEGIN first and COMMIT last wrap the whole file: redundant under diesel's transaction, one information
-- options: layout=diesel
-- example:
-- expect: transaction-nesting
begin;
alter table issuecomment alter column id set data type bigint;
commit;

-- case: Drizzle: every statement before and after the script's own COMMIT is a no-op the second time, so the rerun after a failed CONCURRENTLY build is safe (sim's 0233)
-- options: layout=drizzle
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total int);
-- example:
CREATE TABLE IF NOT EXISTS order_jobs (id text PRIMARY KEY, order_id bigint NOT NULL, status text);
--> statement-breakpoint
DO $$ BEGIN
	ALTER TABLE order_jobs ADD CONSTRAINT order_jobs_order_id_fk FOREIGN KEY (order_id) REFERENCES orders (id);
EXCEPTION WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS order_jobs_status_idx ON order_jobs (status);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION order_total(o orders) RETURNS int LANGUAGE sql AS 'SELECT o.total';
--> statement-breakpoint
INSERT INTO order_jobs (id, order_id, status) SELECT 'job_' || id, id, 'done' FROM orders ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
DROP INDEX IF EXISTS orders_legacy_idx;
--> statement-breakpoint
COMMIT;
--> statement-breakpoint
SET lock_timeout = 0;
--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);
--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS orders_total_old_idx;
--> statement-breakpoint
SET lock_timeout = '5s';

-- case: Drizzle: only comments before the script's own COMMIT, and rerun-safe builds after it (sim's 0271)
-- options: layout=drizzle
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total int);
-- example:
-- The embedded COMMIT leaves drizzle's batch transaction: CONCURRENTLY cannot run in one.
COMMIT;
--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);

-- case: Drizzle: a column added without IF NOT EXISTS before the COMMIT makes the rerun after a failed build fail (sim's 0298)
-- options: layout=drizzle
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total int);
-- example:
ALTER TABLE orders ADD COLUMN note text;
--> statement-breakpoint
-- expect: transaction-nesting
COMMIT;
--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);

-- case: Drizzle: a CONCURRENTLY build without IF NOT EXISTS after the COMMIT leaves an index a rerun trips on
-- options: layout=drizzle
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total int);
-- example:
-- expect: transaction-nesting
COMMIT;
--> statement-breakpoint
CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);

-- case: Drizzle: a COMMIT nothing after it needs still ends the migrations' transaction early, even when everything is rerun-safe
-- options: layout=drizzle
-- setup:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total int, note text);
-- example:
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
--> statement-breakpoint
-- expect: transaction-nesting
COMMIT;
--> statement-breakpoint
UPDATE orders SET note = 'x' WHERE note IS NULL;
