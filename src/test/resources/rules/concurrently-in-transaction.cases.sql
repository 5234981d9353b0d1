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
