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

-- case: a simple SQL function around now() is inlined when PostgreSQL plans the default: stable, no rewrite
-- setup:
CREATE TABLE queue (id bigint PRIMARY KEY);
CREATE OR REPLACE FUNCTION now_utc_micro_seconds() RETURNS bigint AS
$$
SELECT CAST(extract(EPOCH from now() at time zone 'utc') * 1000000 as BIGINT) ;
$$ language sql;
CREATE FUNCTION epoch_now() RETURNS bigint LANGUAGE sql RETURN extract(EPOCH FROM now())::bigint;
CREATE FUNCTION one() RETURNS bigint STRICT AS $$ SELECT 1::bigint $$ LANGUAGE sql;
-- example:
ALTER TABLE queue ADD COLUMN created_at bigint NOT NULL DEFAULT now_utc_micro_seconds();
ALTER TABLE queue ADD COLUMN seen_at bigint DEFAULT epoch_now();
ALTER TABLE queue ADD COLUMN tries bigint DEFAULT one();

-- case: a function the folder defines in PL/pgSQL without a volatility is volatile, and so is one declared so
-- setup:
CREATE TABLE queue (id bigint PRIMARY KEY);
CREATE FUNCTION next_code() RETURNS bigint AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
CREATE FUNCTION stamp() RETURNS timestamptz VOLATILE AS $$ BEGIN RETURN now(); END $$ LANGUAGE plpgsql;
CREATE FUNCTION wrapped() RETURNS bigint AS $$ SELECT next_code() $$ LANGUAGE sql;
-- example:
-- expect: add-column-volatile-default
ALTER TABLE queue ADD COLUMN code bigint DEFAULT next_code();
-- expect: add-column-volatile-default
ALTER TABLE queue ADD COLUMN stamped_at timestamptz DEFAULT stamp();
-- expect: add-column-volatile-default
ALTER TABLE queue ADD COLUMN wrapped_code bigint DEFAULT wrapped();

-- case: a function declared STABLE or IMMUTABLE is evaluated once, whatever its language
-- setup:
CREATE TABLE queue (id bigint PRIMARY KEY);
CREATE FUNCTION tenant() RETURNS text STABLE AS $$ BEGIN RETURN current_setting('app.tenant'); END $$ LANGUAGE plpgsql;
-- example:
ALTER TABLE queue ADD COLUMN tenant text DEFAULT tenant();
