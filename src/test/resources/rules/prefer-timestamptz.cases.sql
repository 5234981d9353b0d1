-- case: with time zone and timestamptz are fine
CREATE TABLE a (x timestamptz, y timestamp with time zone, z date);

-- case: spelled out without time zone, and with a precision
-- expect: prefer-timestamptz
CREATE TABLE a (x timestamp without time zone, y timestamp(3));

-- case: ADD COLUMN timestamp
-- setup:
CREATE TABLE a (id bigint);
-- example:
-- expect: prefer-timestamptz
ALTER TABLE a ADD COLUMN created_at timestamp NOT NULL DEFAULT now();

-- case: a down restoring the type its up replaced is not judged again
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE a (id bigint, created_at timestamp);
-- up:
ALTER TABLE a ALTER COLUMN created_at TYPE timestamptz;
-- example:
ALTER TABLE a ALTER COLUMN created_at TYPE timestamp;
