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
