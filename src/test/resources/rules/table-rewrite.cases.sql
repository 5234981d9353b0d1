-- case: rewriting a table created in the same script blocks nobody
-- example:
CREATE TABLE sessions (id bigint PRIMARY KEY);
ALTER TABLE sessions SET LOGGED;
VACUUM FULL sessions;

-- case: plain VACUUM and VACUUM (FULL false) do not rewrite
-- setup:
CREATE TABLE sessions (id bigint PRIMARY KEY);
-- example:
VACUUM sessions;
VACUUM (FULL false, ANALYZE) sessions;

-- case: every tablespace, logging and access-method change rewrites; bare VACUUM FULL and CLUSTER hit every table
-- options: pg=15
-- setup:
CREATE TABLE sessions (id bigint PRIMARY KEY);
-- example:
-- expect: table-rewrite
ALTER TABLE sessions SET TABLESPACE fast_disk;
-- expect: table-rewrite
ALTER TABLE sessions SET LOGGED;
-- expect: table-rewrite
ALTER TABLE sessions SET ACCESS METHOD heap;
-- expect: table-rewrite
VACUUM FULL;
-- expect: table-rewrite
CLUSTER;
-- expect: table-rewrite
VACUUM (FULL, VERBOSE) sessions;
