-- case: varchar without a length is text by another name
CREATE TABLE a (name varchar, note text);

-- case: character varying(n) is varchar(n)
-- expect: prefer-text
CREATE TABLE a (name character varying(40));

-- case: ALTER COLUMN TYPE varchar(n)
-- setup:
CREATE TABLE a (name text);
-- example:
-- expect: prefer-text
ALTER TABLE a ALTER COLUMN name TYPE varchar(80);
