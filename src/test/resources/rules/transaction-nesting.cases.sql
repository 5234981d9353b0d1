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
