-- case: ROLLBACK also closes it
-- example:
BEGIN;
SELECT 1;
ROLLBACK;

-- case: a second transaction left open
-- options: layout=rollback-suffix
-- example:
BEGIN;
SELECT 1;
COMMIT;
-- expect: uncommitted-transaction
START TRANSACTION;
SELECT 2;

-- case: a wrapped tool leaves it to transaction-nesting
-- options: layout=diesel
-- example:
BEGIN;
SELECT 1;
