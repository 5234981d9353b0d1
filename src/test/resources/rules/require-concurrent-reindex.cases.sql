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

-- case: indexes switched off through pg_index for a bulk update must be rebuilt in the same transaction
-- options: layout=diesel
-- setup:
CREATE TABLE IF NOT EXISTS post (id bigint PRIMARY KEY, score int);
CREATE INDEX IF NOT EXISTS post_score_idx ON post (score);
-- example:
UPDATE pg_index SET indisready = false WHERE indrelid = 'post'::regclass;
UPDATE post SET score = 0 WHERE score IS NULL;
UPDATE pg_index SET indisready = true WHERE indrelid = 'post'::regclass;
REINDEX TABLE post;

-- case: a table the transaction already holds under ACCESS EXCLUSIVE is unreadable until COMMIT anyway
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS post (id bigint PRIMARY KEY, score int);
CREATE INDEX IF NOT EXISTS post_score_idx ON post (score);
-- example:
ALTER TABLE post ADD COLUMN IF NOT EXISTS rank int;
REINDEX TABLE post;
REINDEX INDEX post_score_idx;
