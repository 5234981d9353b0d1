-- case: a table created in the same script is not worth a warning
-- example:
CREATE TABLE payments (id bigint, amount integer);
ALTER TABLE payments ALTER COLUMN amount TYPE bigint;

-- case: binary-coercible widenings rewrite nothing
-- setup:
CREATE TABLE payments (id bigint, ref varchar(40), note varchar(10), body text, amount numeric(10, 2),
    rate numeric(8, 4), at timestamp(3), at2 timestamptz(0), addr cidr);
-- example:
ALTER TABLE payments ALTER COLUMN ref TYPE varchar(80);
ALTER TABLE payments ALTER COLUMN note TYPE text;
ALTER TABLE payments ALTER COLUMN body TYPE varchar;
ALTER TABLE payments ALTER COLUMN amount TYPE numeric(14, 2);
ALTER TABLE payments ALTER COLUMN rate TYPE numeric;
ALTER TABLE payments ALTER COLUMN at TYPE timestamp(6);
ALTER TABLE payments ALTER COLUMN at2 TYPE timestamp with time zone;
ALTER TABLE payments ALTER COLUMN addr TYPE inet;

-- case: narrowing, scale changes, length on text, and timestamp to timestamptz rewrite or scan
-- setup:
CREATE TABLE payments (id integer, ref varchar(40), body text, amount numeric(10, 2), at timestamp, tags varchar(5)[]);
-- example:
-- expect: change-column-type
ALTER TABLE payments ALTER COLUMN ref TYPE varchar(20);
-- expect: change-column-type
ALTER TABLE payments ALTER COLUMN body TYPE varchar(100);
-- expect: change-column-type
ALTER TABLE payments ALTER COLUMN amount TYPE numeric(12, 4);
-- expect: change-column-type
ALTER TABLE payments ALTER COLUMN at TYPE timestamptz;
-- expect: change-column-type
ALTER TABLE payments ALTER COLUMN id SET DATA TYPE bigint;
-- expect: change-column-type
ALTER TABLE payments ALTER COLUMN tags TYPE text[];

-- case: a USING expression forces the rewrite
-- setup:
CREATE TABLE payments (id bigint, ref varchar(40));
-- example:
-- expect: change-column-type
ALTER TABLE payments ALTER COLUMN ref TYPE text USING upper(ref);

-- case: an unknown old type may rewrite
-- example:
-- expect: change-column-type
ALTER TABLE legacy_payments ALTER COLUMN ref TYPE text;

-- case: an unknown old type with a USING expression certainly rewrites
-- example:
-- expect: change-column-type
ALTER TABLE legacy_artists ALTER COLUMN comment TYPE varchar(255) USING coalesce(comment, '');

-- case: one statement changing several columns rewrites the table once: one finding
-- setup:
CREATE TABLE events (id bigint, created_at timestamp, updated_at timestamp);
-- example:
-- expect: change-column-type
ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz, ALTER COLUMN updated_at TYPE timestamptz;

-- case: with the session's TimeZone set to UTC first, timestamp to timestamptz rewrites nothing (PostgreSQL 12+)
-- setup:
CREATE TABLE events (id bigint, created_at timestamp);
-- example:
SET TIME ZONE 'UTC';
ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;

-- case: a table the folder does not know, changed to an unbounded string type: from varchar(n) or text nothing is rewritten, so only a note (ab2d's historic_mbis)
-- example:
-- expect: change-column-type
ALTER TABLE ab2d.coverage ALTER COLUMN historic_mbis TYPE varchar;
-- message: info: changing ab2d.coverage.historic_mbis to varchar (the old type is unknown here

-- case: the statement sets its own default along with the type: the new column takes that one, not the old column's (cas-cif's form_001)
-- setup:
CREATE TABLE form (id integer PRIMARY KEY, handler text NOT NULL DEFAULT 'old_handler');
-- example:
-- expect: change-column-type
ALTER TABLE form ALTER COLUMN handler TYPE varchar(100), ALTER COLUMN handler SET NOT NULL, ALTER COLUMN handler SET DEFAULT 'new_handler';
-- help: `ALTER TABLE form ALTER COLUMN handler_new SET DEFAULT 'new_handler';` (the default this statement sets)

-- case: a serial of a mixed-case table: the sequence keeps its quotes inside nextval's literal, and a default the migration sets later is the one to move to (hatchet's v0_10_2)
-- setup:
CREATE TABLE "StepRun" (id uuid PRIMARY KEY, "order" smallserial NOT NULL);
-- example:
CREATE SEQUENCE step_run_order_seq;
-- expect: change-column-type
ALTER TABLE "StepRun" ALTER COLUMN "order" TYPE BIGINT;
ALTER SEQUENCE step_run_order_seq OWNED BY "StepRun"."order";
ALTER TABLE "StepRun" ALTER COLUMN "order" SET DEFAULT nextval('step_run_order_seq'::regclass);
-- help: SET DEFAULT nextval('"StepRun_order_seq"');
-- help: This migration then gives "order" another default at line 6: set that one on the new column after the swap
