-- Every construct here hides a ';' or SQL where a naive splitter would cut.
\set ON_ERROR_STOP 1
/* DROP TABLE users; */
CREATE TABLE "we""ird;name" (id int); -- DROP TABLE x;
INSERT INTO t VALUES ('a;b', 'it''s; fine', E'esc\'; still\\', E'\\');
/* outer /* inner; */ still comment; */ SELECT 1;
CREATE FUNCTION f() RETURNS trigger AS $fn$
BEGIN
  PERFORM $$ inner; $$;
  RETURN NEW;
END;
$fn$ LANGUAGE plpgsql;
INSERT INTO docs VALUES ('first line
-- migrate:down
DROP TABLE docs;');
CREATE FUNCTION g(a int) RETURNS int
LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;
  SELECT a;
END;
COPY t (a, b) FROM stdin;
1	x;y
2	\N;
\.
SELECT 5 --2;
, 6 - -2, 7*-1, a @- b;
SELECT U&'d\0061t;a', u&"col;x", B'1010', X'1F', N'nat', $1, 0x1F, 1_000, .5, 1e-3, x::int;
-- miglint:ignore some-rule
ALTER TABLE t ADD COLUMN c int
