-- case: modes that do not block writes are silent
-- example:
BEGIN;
LOCK TABLE orders IN ROW EXCLUSIVE MODE;
LOCK orders IN SHARE UPDATE EXCLUSIVE MODE;
COMMIT;

-- case: SHARE mode blocks writes
-- example:
BEGIN;
-- expect: lock-table
LOCK TABLE orders IN SHARE MODE NOWAIT;
COMMIT;

-- case: a table created earlier in the script
-- example:
BEGIN;
CREATE TABLE t (id int);
LOCK TABLE t;
COMMIT;
