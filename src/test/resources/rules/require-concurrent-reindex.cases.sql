-- case: reindex of a table created in the same script
-- example:
CREATE TABLE t (id int PRIMARY KEY);
REINDEX TABLE t;

-- case: reindex database without a name
-- example:
-- expect: require-concurrent-reindex
REINDEX DATABASE;

-- case: concurrently with options list
-- example:
REINDEX (VERBOSE) INDEX CONCURRENTLY orders_pkey;

-- case: fires below 12 too, with the manual replacement in the help
-- options: pg=10
-- example:
-- expect: require-concurrent-reindex
REINDEX INDEX orders_pkey;
