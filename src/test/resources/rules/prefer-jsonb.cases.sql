-- case: jsonb is fine
CREATE TABLE a (payload jsonb, list jsonb[]);

-- case: json in ADD COLUMN and ALTER COLUMN TYPE
-- setup:
CREATE TABLE a (id bigint, data text);
-- example:
-- expect: prefer-jsonb
ALTER TABLE a ADD COLUMN payload json;
-- expect: prefer-jsonb
ALTER TABLE a ALTER COLUMN data TYPE json USING data::json;
