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

-- case: broken SQL swallowing the COMMIT is left to syntax-error
-- example:
BEGIN;
ALTER TABLE artist ADD CONSTRAINT c CHECK (id <> 1 OR (type = 3);
COMMIT;
