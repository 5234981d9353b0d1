-- case: objects dropped with their table count as dropped
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, created_at timestamptz);
CREATE INDEX IF NOT EXISTS orders_created_at_idx ON orders (created_at);
ALTER TABLE orders ADD CONSTRAINT orders_id_check CHECK (id > 0);
CREATE TYPE mood AS ENUM ('a');
-- example:
-- expect-file: down-incomplete
DROP TABLE IF EXISTS orders;

-- case: a column dropped by the up must be re-added
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, nickname text);
-- up:
ALTER TABLE users DROP COLUMN IF EXISTS nickname;
CREATE INDEX IF NOT EXISTS users_id_idx ON users (id);
-- example:
-- expect-file: down-incomplete
DROP INDEX IF EXISTS users_id_idx;

-- case: a rename reversed and a function replaced with its old body
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email text);
-- up:
ALTER TABLE users RENAME COLUMN email TO email_address;
CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 2';
CREATE SCHEMA app;
-- example:
-- expect-file: down-incomplete
ALTER TABLE users RENAME COLUMN email_address TO email;
CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';

-- case: a sequence attached with OWNED BY goes with its table; the public schema and an ensured extension stay
-- options: layout=golang-migrate down
-- up:
CREATE SCHEMA IF NOT EXISTS public;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE TABLE builds (id integer NOT NULL);
CREATE SEQUENCE builds_id_seq AS integer START WITH 1;
ALTER SEQUENCE builds_id_seq OWNED BY builds.id;
-- example:
DROP TABLE builds;

-- case: a down that refuses to run declares the migration irreversible
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, nickname text);
-- up:
ALTER TABLE users DROP COLUMN nickname;
-- example:
DO $$ BEGIN RAISE EXCEPTION 'this migration cannot be reversed'; END $$;

-- case: indexes of a materialized view go with it, and DROP … CASCADE takes the views built on the dropped one
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS post (id bigint PRIMARY KEY);
-- up:
CREATE VIEW post_view AS SELECT id FROM post;
CREATE MATERIALIZED VIEW post_mview AS SELECT * FROM post_view;
CREATE UNIQUE INDEX idx_post_mview_id ON post_mview (id);
CREATE MATERIALIZED VIEW post_stats AS SELECT count(*) AS n FROM post;
CREATE UNIQUE INDEX idx_post_stats_n ON post_stats (n);
-- example:
DROP MATERIALIZED VIEW post_stats;
DROP VIEW post_view CASCADE;

-- case: a table rebuilt by the down takes the up's columns and indexes with the old one
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS local_image (id bigint PRIMARY KEY);
-- up:
ALTER TABLE local_image ADD COLUMN person_id bigint;
CREATE INDEX idx_local_image_person_id ON local_image (person_id);
-- example:
ALTER TABLE local_image RENAME TO local_image_old;
CREATE TABLE local_image (id bigint PRIMARY KEY);
INSERT INTO local_image SELECT id FROM local_image_old;
DROP TABLE local_image_old;

-- case: a column the up added before renaming its table is dropped by the down under the new table name
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS mod_sticky_post (id bigint PRIMARY KEY);
-- up:
ALTER TABLE mod_sticky_post ADD COLUMN is_featured boolean;
ALTER TABLE mod_sticky_post RENAME TO mod_feature_post;
-- example:
ALTER TABLE mod_feature_post DROP COLUMN is_featured;
ALTER TABLE mod_feature_post RENAME TO mod_sticky_post;

-- case: dropping a column drops the partial index whose predicate uses it
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS comment (id bigint PRIMARY KEY, published timestamptz);
-- up:
ALTER TABLE comment ADD COLUMN hot_rank int;
CREATE INDEX idx_comment_nonzero_hotrank ON comment (published) WHERE hot_rank <> 0;
-- example:
ALTER TABLE comment DROP COLUMN hot_rank;

-- case: a renamed table restored by creating it anew (its serial sequence comes back with it)
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS comment_reply (id serial PRIMARY KEY);
-- up:
ALTER TABLE comment_reply RENAME TO notification;
ALTER SEQUENCE comment_reply_id_seq RENAME TO notification_id_seq;
-- example:
CREATE TABLE comment_reply (id serial PRIMARY KEY);
DROP TABLE notification;

-- case: a table the up replaced is restored by renaming the new one back; a column renamed onto a dropped name
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS community_follower (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS person (id bigint PRIMARY KEY, inbox_url text, shared_inbox_url text);
-- up:
CREATE TABLE community_actions (id bigint PRIMARY KEY);
DROP TABLE community_follower;
ALTER TABLE person DROP COLUMN inbox_url;
ALTER TABLE person RENAME COLUMN shared_inbox_url TO inbox_url;
-- example:
ALTER TABLE community_actions RENAME TO community_follower;
ALTER TABLE person ADD COLUMN shared_inbox_url text;

-- case: columns re-added on the table under the name it had before the up renamed it
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS user_ (id bigint PRIMARY KEY, email text);
-- up:
ALTER TABLE user_ RENAME TO person;
ALTER TABLE person DROP COLUMN email;
-- example:
ALTER TABLE person RENAME TO user_;
ALTER TABLE user_ ADD COLUMN email text;

-- case: a temporary table and objects the up dropped and created again are not the up's to undo
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS comment (id bigint PRIMARY KEY, creator_id bigint);
CREATE INDEX IF NOT EXISTS idx_comment_creator ON comment (creator_id);
-- up:
CREATE TEMPORARY TABLE comment_temp AS SELECT id FROM comment;
DROP TABLE comment_temp;
DROP INDEX IF EXISTS idx_comment_creator;
CREATE INDEX idx_comment_creator ON comment (creator_id);
-- example:
ALTER TABLE comment DROP COLUMN IF EXISTS path;

-- case: a column added to a table the migrations never created, left by the down
-- options: layout=golang-migrate down
-- up:
ALTER TABLE legacy_accounts ADD COLUMN note text;
-- example:
-- expect-file: down-incomplete
UPDATE legacy_accounts SET id = id;

-- case: a column added to a table the migrations never created, dropped by the down
-- options: layout=golang-migrate down
-- up:
ALTER TABLE legacy_accounts ADD COLUMN note text;
-- example:
ALTER TABLE legacy_accounts DROP COLUMN note;

-- case: a function the down creates anew is still there when the up runs again
-- options: layout=golang-migrate down
-- up:
CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';
-- example:
-- expect-file: down-incomplete
DROP FUNCTION one();
CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 2';

-- case: a column renamed on a table the up renamed first, both renamed back
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, mail text);
-- up:
ALTER TABLE accounts RENAME TO users;
ALTER TABLE users RENAME COLUMN mail TO email;
-- example:
ALTER TABLE users RENAME COLUMN email TO mail;
ALTER TABLE users RENAME TO accounts;

-- case: a column renamed on a table the up renamed first, only the table renamed back
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, mail text);
-- up:
ALTER TABLE accounts RENAME TO users;
ALTER TABLE users RENAME COLUMN mail TO email;
-- example:
-- expect-file: down-incomplete
ALTER TABLE users RENAME TO accounts;

-- case: a down that removes the up's unique constraint with DROP INDEX fails there: drop-index-of-constraint's error, not this rule's finding too
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS usage (user_id bigint, storage bigint);
-- up:
ALTER TABLE usage ADD CONSTRAINT usage_user_id_key UNIQUE (user_id);
-- example:
DROP INDEX usage_user_id_key;

-- case: the same down that also leaves a column of the up is still reported for the column
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS usage (user_id bigint, storage bigint);
-- up:
ALTER TABLE usage ADD COLUMN quota bigint;
ALTER TABLE usage ADD CONSTRAINT usage_user_id_key UNIQUE (user_id);
-- example:
-- expect-file: down-incomplete
DROP INDEX usage_user_id_key;

-- case: an IF EXISTS rename of an index no migration made (one made by hand in production) counts on nothing
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE version_downloads (version_id int, date date);
-- up:
ALTER INDEX IF EXISTS sgrif_testing RENAME TO index_version_downloads_by_date;
CREATE INDEX IF NOT EXISTS index_version_downloads_by_date ON version_downloads (date);
-- example:
DROP INDEX IF EXISTS index_version_downloads_by_date;

-- case: a down that refuses the rollback with RAISE and a message (level EXCEPTION by default) is declared irreversible
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE deployments (id int PRIMARY KEY);
-- up:
ALTER TABLE deployments ADD COLUMN shard text;
-- example:
DO $$ BEGIN RAISE 'This migration is irreversible'; END $$;

-- case: a table the folder never made, dropped by the up from inside a DO block when present (quickwit drops diesel's tracking table)
-- options: layout=sqlx down
-- up:
DO $$
BEGIN
    IF EXISTS (SELECT * FROM pg_tables WHERE tablename = '__diesel_schema_migrations') THEN
        DROP TABLE __diesel_schema_migrations;
    END IF;
END $$;
CREATE TABLE IF NOT EXISTS indexes (index_id text PRIMARY KEY);
-- example:
DROP TABLE IF EXISTS indexes;

-- case: an enum rebuilt under a temporary name and renamed into place, undone the same way: nothing is left
-- options: layout=golang-migrate down
-- setup:
CREATE TYPE "LimitResource" AS ENUM ('WORKFLOW_RUN', 'TASK_RUN');
CREATE TABLE IF NOT EXISTS "TenantResourceLimit" (id bigint PRIMARY KEY, resource "LimitResource");
-- up:
CREATE TYPE "LimitResource_new" AS ENUM ('TASK_RUN');
ALTER TABLE "TenantResourceLimit" ALTER COLUMN resource TYPE "LimitResource_new" USING resource::text::"LimitResource_new";
DROP TYPE "LimitResource";
ALTER TYPE "LimitResource_new" RENAME TO "LimitResource";
-- example:
CREATE TYPE "LimitResource_old" AS ENUM ('WORKFLOW_RUN', 'TASK_RUN');
ALTER TABLE "TenantResourceLimit" ALTER COLUMN resource TYPE "LimitResource_old" USING resource::text::"LimitResource_old";
DROP TYPE "LimitResource";
ALTER TYPE "LimitResource_old" RENAME TO "LimitResource";

-- case: a type created under a temporary name and renamed to a new one is left by a down that does not drop it
-- options: layout=golang-migrate down
-- up:
CREATE TYPE mood_new AS ENUM ('happy');
ALTER TYPE mood_new RENAME TO mood;
-- example:
-- expect-file: down-incomplete
SELECT 1;

-- case: dropping a column drops the CHECK constraints that name it, of one column or several
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE recovery_tokens (id uuid PRIMARY KEY, expires_at timestamptz, issued_at timestamptz);
-- up:
ALTER TABLE recovery_tokens ADD token_type int NOT NULL DEFAULT 0;
ALTER TABLE recovery_tokens ADD CONSTRAINT recovery_tokens_token_type_ck CHECK (token_type = 1 OR token_type = 2);
ALTER TABLE recovery_tokens ADD CONSTRAINT recovery_tokens_expiry_ck CHECK (token_type = 0 OR expires_at > issued_at);
-- example:
ALTER TABLE recovery_tokens DROP token_type;

-- case: a CHECK that names the dropped column only in a string stays
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE recovery_tokens (id uuid PRIMARY KEY, kind text);
-- up:
ALTER TABLE recovery_tokens ADD token_type int;
ALTER TABLE recovery_tokens ADD CONSTRAINT recovery_tokens_kind_ck CHECK (kind <> 'token_type');
-- example:
-- expect-file: down-incomplete
ALTER TABLE recovery_tokens DROP token_type;

-- case: dropping a column drops the indexes over an expression of it
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE identities (id uuid PRIMARY KEY);
-- up:
ALTER TABLE identities ADD COLUMN email text;
CREATE UNIQUE INDEX identities_email_lower_idx ON identities (lower(email));
-- example:
ALTER TABLE identities DROP COLUMN email;

-- case: popx: the CHECK one file of the group adds goes with the column an earlier file's down drops
-- options: layout=popx down
-- setup:
CREATE TABLE recovery_tokens (id uuid PRIMARY KEY, flow_id uuid);
-- up:
ALTER TABLE recovery_tokens ADD token_type int NOT NULL DEFAULT 0;
-- later-up:
ALTER TABLE recovery_tokens ADD CONSTRAINT recovery_tokens_token_type_ck CHECK (token_type = 1 OR token_type = 2);
-- later-down:
-- example:
ALTER TABLE recovery_tokens
DROP token_type;

-- case: popx: what a later file of the group creates and no down of the group drops belongs in that file's own down (kratos's sessions_nid_idx)
-- options: layout=popx down
-- setup:
CREATE TABLE sessions (id uuid PRIMARY KEY, created_at timestamptz);
-- up:
ALTER TABLE sessions ADD COLUMN nid uuid;
-- later-up:
CREATE INDEX sessions_created_at_idx ON sessions (created_at);
-- later-down:
--
-- example:
-- expect-file: down-incomplete
ALTER TABLE sessions DROP COLUMN nid;
-- help: the down of the file whose up creates it (popx rolls back one file at a time

-- case: sqitch: a revert that works on a renamed column by its old name counts on a later change's revert having renamed it back (cas-cif's project_revision_003)
-- options: layout=sqitch down
-- setup:
CREATE TABLE project_revision (id integer PRIMARY KEY, amendment_status varchar(1000));
-- up:
ALTER TABLE project_revision RENAME amendment_status TO revision_status;
ALTER TABLE project_revision ALTER COLUMN revision_status SET DEFAULT 'Draft';
-- example:
ALTER TABLE project_revision ALTER COLUMN amendment_status DROP DEFAULT;

-- case: sqitch: a revert that neither renames back nor uses the old name leaves the rename in place
-- options: layout=sqitch down
-- setup:
CREATE TABLE project_revision (id integer PRIMARY KEY, amendment_status varchar(1000));
-- up:
ALTER TABLE project_revision RENAME amendment_status TO revision_status;
ALTER TABLE project_revision ALTER COLUMN revision_status SET DEFAULT 'Draft';
-- example:
-- expect-file: down-incomplete
ALTER TABLE project_revision ALTER COLUMN revision_status DROP DEFAULT;
