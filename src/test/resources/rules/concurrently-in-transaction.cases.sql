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
