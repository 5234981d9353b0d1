-- case: a down that deletes from the table first has dealt with the NULLs
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE accounts (id bigint, email text NOT NULL);
-- up:
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
-- example:
DELETE FROM accounts WHERE email IS NULL;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a down that refuses the rollback in a DO block looking at the column has dealt with them too
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE accounts (id bigint, email text NOT NULL);
-- up:
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
-- example:
DO $$ BEGIN IF EXISTS (SELECT 1 FROM accounts WHERE email IS NULL) THEN RAISE EXCEPTION 'NULL emails'; END IF; END $$;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: a column that was nullable before the up is not a restore (set-not-null reports its scan)
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE accounts (id bigint, email text);
-- up:
ALTER TABLE accounts ADD COLUMN note text;
-- example:
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- case: each restored column the up left nullable is named
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE accounts (id bigint, email text NOT NULL, name text NOT NULL);
-- up:
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL, ALTER COLUMN name DROP NOT NULL;
-- example:
-- expect: down-restores-not-null
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL, ALTER COLUMN name SET NOT NULL;

-- case: popx: the down of the group's next file, which a rollback runs first, deletes the rows holding NULL
-- options: layout=popx down
-- setup:
CREATE TABLE recovery_tokens (id uuid PRIMARY KEY, flow_id uuid NOT NULL);
-- up:
ALTER TABLE recovery_tokens ALTER COLUMN flow_id DROP NOT NULL;
-- later-up:
ALTER TABLE recovery_tokens ADD COLUMN expires_at timestamptz;
-- later-down:
DELETE FROM recovery_tokens WHERE flow_id IS NULL;
ALTER TABLE recovery_tokens DROP COLUMN expires_at;
-- example:
ALTER TABLE recovery_tokens ALTER COLUMN flow_id TYPE uuid, ALTER COLUMN flow_id SET NOT NULL;

-- case: popx: a DELETE in the down of the group's previous file runs after this down, too late
-- options: layout=popx down
-- setup:
CREATE TABLE recovery_tokens (id uuid PRIMARY KEY, flow_id uuid NOT NULL);
-- up:
ALTER TABLE recovery_tokens ALTER COLUMN flow_id DROP NOT NULL;
-- earlier-up:
ALTER TABLE recovery_tokens ADD COLUMN expires_at timestamptz;
-- earlier-down:
DELETE FROM recovery_tokens WHERE flow_id IS NULL;
ALTER TABLE recovery_tokens DROP COLUMN expires_at;
-- example:
-- expect: down-restores-not-null
ALTER TABLE recovery_tokens ALTER COLUMN flow_id SET NOT NULL;
