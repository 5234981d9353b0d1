-- case: a volatile default on a table created in the same script rewrites nothing anyone uses
-- example:
CREATE TABLE tokens (id bigint PRIMARY KEY);
ALTER TABLE tokens ADD COLUMN secret uuid DEFAULT gen_random_uuid();

-- case: stable and constant defaults are stored once on PostgreSQL 11+
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY);
-- example:
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE orders ADD COLUMN updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE orders ADD COLUMN flags jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE orders ADD COLUMN archived boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN tag varchar(10) DEFAULT CAST('x' AS varchar(10));
ALTER TABLE orders ADD COLUMN xid bigint DEFAULT txid_current();
ALTER TABLE orders ADD COLUMN note text DEFAULT 'random()';
ALTER TABLE orders ADD COLUMN day date DEFAULT (now() AT TIME ZONE 'utc')::date;

-- case: volatile functions rewrite, with or without schema qualification
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY);
-- example:
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN r double precision DEFAULT random();
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN u uuid DEFAULT public.uuid_generate_v4();
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN t timestamptz DEFAULT clock_timestamp();
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN n bigint DEFAULT nextval('orders_n_seq'::regclass);
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN s text DEFAULT timeofday();

-- case: an unknown function may be volatile
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY);
-- example:
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN code text DEFAULT make_order_code();

-- case: before PostgreSQL 11 any non-null default rewrites
-- options: pg=10
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY);
-- example:
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';
ALTER TABLE orders ADD COLUMN note text DEFAULT NULL;

-- case: downs are checked too: this one adds a column the table did not have before the up
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY);
-- up:
ALTER TABLE orders ADD COLUMN note text;
-- example:
-- expect: add-column-volatile-default
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();

-- case: a down re-adding the column its up dropped restores the old table, which has no other way back
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, public_id uuid DEFAULT gen_random_uuid());
-- up:
ALTER TABLE orders DROP COLUMN public_id;
-- example:
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();
