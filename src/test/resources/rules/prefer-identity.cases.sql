-- case: every serial width
-- expect: prefer-identity
CREATE TABLE a (id serial PRIMARY KEY, n smallserial, m bigserial);

-- case: identity columns and plain integers are fine
CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n integer);

-- case: ADD COLUMN serial
-- setup:
CREATE TABLE a (name text);
-- example:
-- expect: prefer-identity
ALTER TABLE a ADD COLUMN id bigserial;
