-- case: a schema of the folder qualifies its own index
-- setup:
CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, placed_at timestamptz);
CREATE INDEX orders_placed_at_idx ON app.orders (placed_at);
-- example:
DROP INDEX IF EXISTS app.orders_placed_at_idx;

-- case: a schema that holds the folder's tables is a schema, though the folder does not create it
-- setup:
CREATE TABLE upchieve.sessions (id bigint PRIMARY KEY, ended_at timestamptz);
CREATE INDEX sessions_ended_at_idx ON upchieve.sessions (ended_at);
-- example:
DROP INDEX IF EXISTS upchieve.sessions_ended_at_idx;

-- case: without IF EXISTS the migration fails, and a rename is read the same way
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
-- example:
-- expect: index-qualified-by-table
ALTER INDEX orders.orders_placed_at_idx RENAME TO orders_placed_idx;
-- expect: index-qualified-by-table
DROP INDEX orders.orders_placed_at_idx;

-- case: a qualifier that names no table of the folder may be a schema made elsewhere
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY);
-- example:
DROP INDEX IF EXISTS reporting.orders_summary_idx;

-- case: the index belongs to a UNIQUE constraint: the help drops the constraint, as DROP INDEX cannot (kratos's unique_session_device)
-- setup:
CREATE TABLE session_devices (id uuid PRIMARY KEY, session_id uuid, ip text, CONSTRAINT unique_session_device UNIQUE (session_id, ip));
-- example:
-- expect: index-qualified-by-table
DROP INDEX IF EXISTS session_devices.unique_session_device;
-- help: `ALTER TABLE session_devices DROP CONSTRAINT IF EXISTS unique_session_device;`

-- case: popx: a file without a dialect infix runs on every database: the constraint's drop goes into a PostgreSQL twin (kratos's session_devices_index_drop)
-- options: layout=popx
-- setup:
CREATE TABLE session_devices (id uuid PRIMARY KEY, session_id uuid, ip text, CONSTRAINT unique_session_device UNIQUE (session_id, ip));
-- example:
-- expect: index-qualified-by-table
DROP INDEX IF EXISTS session_devices.unique_session_device;
-- help: This file has no dialect infix, so popx runs it on every database the project migrates
