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
