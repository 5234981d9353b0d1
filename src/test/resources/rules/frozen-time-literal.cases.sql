-- case: casts, typed literals and CAST to every date/time type, any case and spacing
-- setup:
CREATE TABLE posts (id bigint PRIMARY KEY, published timestamp NOT NULL, due date, at time);
-- example:
-- expect: frozen-time-literal
CREATE VIEW v1 AS SELECT id FROM posts WHERE published > 'NOW'::pg_catalog.timestamp;
-- expect: frozen-time-literal
CREATE VIEW v2 AS SELECT id FROM posts WHERE due = CAST(' today ' AS date);
-- expect: frozen-time-literal
CREATE VIEW v3 AS SELECT id FROM posts WHERE published < timestamp without time zone 'tomorrow';
-- expect: frozen-time-literal
CREATE MATERIALIZED VIEW v4 AS SELECT id FROM posts WHERE due > 'yesterday'::date;
-- expect: frozen-time-literal
ALTER TABLE posts ADD CONSTRAINT posts_not_future CHECK (published <= 'now'::timestamp);
-- expect: frozen-time-literal
ALTER TABLE posts ALTER COLUMN due SET DEFAULT 'today'::date;

-- case: a generated column's expression is stored
-- setup:
CREATE TABLE posts (id bigint PRIMARY KEY, published timestamptz);
-- example:
-- expect: frozen-time-literal
CREATE TABLE drafts (id bigint, age interval GENERATED ALWAYS AS ('2026-01-01'::timestamptz - 'today'::date) STORED);

-- case: the default of a date/time column is read as a date/time even without a cast
-- setup:
CREATE TABLE posts (id bigint PRIMARY KEY);
-- example:
-- expect: frozen-time-literal
ALTER TABLE posts ADD COLUMN seen_on date DEFAULT 'today';

-- case: text values, data statements, CREATE TABLE AS and function bodies are not definitions with a frozen time
-- setup:
CREATE TABLE posts (id bigint PRIMARY KEY, published timestamptz, status text);
-- example:
ALTER TABLE posts ADD COLUMN period text NOT NULL DEFAULT 'today';
CREATE VIEW today_posts AS SELECT id FROM posts WHERE status = 'today';
INSERT INTO posts (id, published, status) VALUES (1, 'now'::timestamptz, 'now');
UPDATE posts SET published = 'now' WHERE id = 1;
CREATE TABLE snapshot AS SELECT id, 'now'::timestamptz AS taken FROM posts;
CREATE UNLOGGED TABLE IF NOT EXISTS snapshot2 (id, taken) AS SELECT id, 'now'::timestamptz FROM posts WITH NO DATA;
CREATE FUNCTION stamp() RETURNS timestamptz LANGUAGE sql AS $$ SELECT 'now'::timestamptz $$;
ALTER TABLE posts ALTER COLUMN status TYPE date USING 'today'::date, ALTER COLUMN published SET NOT NULL;

-- case: after a USING, the next action of the same ALTER TABLE is a definition again
-- setup:
CREATE TABLE posts (id bigint PRIMARY KEY, published timestamptz, status text);
-- example:
-- expect: frozen-time-literal
ALTER TABLE posts ALTER COLUMN status TYPE date USING NULL, ALTER COLUMN published SET DEFAULT 'now'::timestamptz;
