-- case: detach concurrently in an explicit transaction
-- example:
BEGIN;
-- expect: concurrently-in-transaction
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
COMMIT;

-- case: after the COMMIT it runs outside the transaction
-- example:
BEGIN;
SELECT 1;
COMMIT;
CREATE INDEX CONCURRENTLY i ON orders (id);

-- case: golang-migrate down with two statements
-- options: layout=golang-migrate down
-- up:
CREATE INDEX CONCURRENTLY i ON orders (id);
-- example:
-- expect: concurrently-in-transaction
DROP INDEX CONCURRENTLY IF EXISTS i;
-- expect: concurrently-in-transaction
DROP INDEX CONCURRENTLY IF EXISTS j;

-- case: Flyway file of two CONCURRENTLY statements runs without a transaction
-- options: layout=flyway
-- example:
CREATE INDEX CONCURRENTLY i ON orders (id);
CREATE INDEX CONCURRENTLY j ON orders (status);

-- case: a comment-only neighbour does not make a golang-migrate file multi-statement
-- options: layout=golang-migrate
-- example:
-- a comment
CREATE INDEX CONCURRENTLY i ON orders (id);
-- another comment

-- case: popx runs a file without the .autocommit marker in a transaction, even a lone CREATE INDEX CONCURRENTLY
-- options: layout=popx
-- example:
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY i ON orders (id);

-- case: popx runs a file marked .autocommit outside a transaction
-- options: layout=popx no-transaction
-- example:
CREATE INDEX CONCURRENTLY i ON orders (id);

-- case: a popx .autocommit file is still sent as one query: two statements share an implicit transaction
-- options: layout=popx no-transaction
-- example:
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY i ON orders (id);
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY j ON orders (status);

-- case: Liquibase runs each changeset in a transaction
-- options: layout=liquibase
-- example:
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY i ON orders (id);

-- case: a Liquibase changeset marked runInTransaction:false runs without one, its rollback too
-- options: layout=liquibase
-- example:
--liquibase formatted sql
--changeset miglint:orders-status-index runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
--rollback DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;

-- case: sqitch deploy script inside its own BEGIN/COMMIT (sqitch opens no transaction, the script's BEGIN does)
-- options: layout=sqitch file=indexes/orders_status
-- example:
BEGIN;
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY orders_status ON orders (status);
COMMIT;

-- case: sqitch deploy script after its COMMIT runs outside a transaction (psql, statement by statement)
-- options: layout=sqitch file=indexes/orders_status
-- example:
BEGIN;
SELECT 1;
COMMIT;
CREATE INDEX CONCURRENTLY orders_status ON orders (status);

-- case: sqitch deploy script of several statements without BEGIN: psql sends them one by one
-- options: layout=sqitch
-- example:
CREATE INDEX CONCURRENTLY orders_status ON orders (status);
CREATE INDEX CONCURRENTLY orders_total ON orders (total);

-- case: goose runs a file's statements in a transaction unless it says NO TRANSACTION
-- options: layout=goose
-- example:
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY i ON orders (id);

-- case: goose file with NO TRANSACTION runs without one
-- options: layout=goose
-- example:
-- +goose NO TRANSACTION
CREATE INDEX CONCURRENTLY i ON orders (id);

-- case: goose sends a StatementBegin/End block as one query, so NO TRANSACTION does not help two builds in one block
-- options: layout=goose
-- example:
-- +goose NO TRANSACTION
-- +goose StatementBegin
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY i ON orders (id);
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY j ON orders (status);
-- +goose StatementEnd

-- case: Prisma sends a lone CONCURRENTLY migration.sql as one query, outside any transaction
-- options: layout=prisma
-- example:
-- CreateIndex
CREATE INDEX CONCURRENTLY IF NOT EXISTS "traces_user_id_idx" ON "traces" ("user_id");

-- case: Prisma sends migration.sql as one query, so a second statement makes it one transaction
-- options: layout=prisma
-- example:
ALTER TABLE traces ADD COLUMN session_id text;
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY traces_session_id_idx ON traces (session_id);

-- case: drizzle-orm runs every pending migration in one transaction, so even a lone CONCURRENTLY fails
-- options: layout=drizzle
-- example:
-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS "traces_user_id_idx" ON "traces" USING btree ("user_id");
