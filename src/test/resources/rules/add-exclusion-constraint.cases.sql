-- case: an exclusion constraint on a table created in the same script is cheap
-- example:
CREATE TABLE bookings (id bigint, during tstzrange);
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);

-- case: unnamed, with a WHERE clause
-- setup:
CREATE TABLE bookings (id bigint, during tstzrange, cancelled boolean);
-- example:
-- expect: add-exclusion-constraint
ALTER TABLE bookings ADD EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled);
