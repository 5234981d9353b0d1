
-- case: rebuilding a column under its own name (add, copy, drop, rename) keeps the name working
-- setup:
CREATE TABLE IF NOT EXISTS person (id bigint PRIMARY KEY, bio text);
-- example:
ALTER TABLE person ADD COLUMN bio_new text;
UPDATE person SET bio_new = bio;
ALTER TABLE person DROP COLUMN bio;
ALTER TABLE person RENAME COLUMN bio_new TO bio;
-- expect: drop-column
ALTER TABLE person DROP COLUMN id;

-- case: a down dropping a column its table did not have before the up (the up made it by a rename)
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS person (id bigint PRIMARY KEY, shared_inbox_url text);
-- up:
ALTER TABLE person RENAME COLUMN shared_inbox_url TO inbox_url;
ALTER TABLE person ADD COLUMN IF NOT EXISTS shared_inbox_url text;
-- example:
ALTER TABLE person DROP COLUMN inbox_url;

-- case: a down dropping a column its up added before renaming the table, under the table's new name
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS mod_sticky_post (id bigint PRIMARY KEY);
-- up:
ALTER TABLE mod_sticky_post ADD COLUMN is_featured_community boolean;
ALTER TABLE mod_sticky_post RENAME TO mod_feature_post;
-- example:
ALTER TABLE mod_feature_post DROP COLUMN is_featured_community;
ALTER TABLE mod_feature_post RENAME TO mod_sticky_post;

-- case: a migration named for dropping unused columns
-- options: file=002_drop-unused-school-metadata-columns.sql
-- setup:
CREATE TABLE IF NOT EXISTS school_metadata (id bigint PRIMARY KEY, fipst text, phone text);
-- example:
ALTER TABLE school_metadata DROP COLUMN fipst, DROP COLUMN phone;

-- case: a migration named for removing deprecated fields (the contract step of a deprecate-then-remove cycle)
-- options: file=20260624135146_remove_deprecated_ent_fields.up.sql
-- setup:
CREATE TABLE IF NOT EXISTS billing_lines (id bigint PRIMARY KEY, tax_code text, note text);
-- example:
ALTER TABLE billing_lines DROP COLUMN tax_code, DROP COLUMN note;

-- case: a header ordering the deploy after the code change that stopped using the column
-- setup:
CREATE TABLE IF NOT EXISTS crates (id bigint PRIMARY KEY, license text);
-- example:
-- This is the contract step of a two-commit change.
-- DO NOT DEPLOY UNTIL PREVIOUS COMMIT IS DEPLOYED
ALTER TABLE crates DROP COLUMN license;

-- case: a header about something else leaves the drop reported
-- setup:
CREATE TABLE IF NOT EXISTS crates (id bigint PRIMARY KEY, readme text);
-- example:
-- Readmes are rendered on upload since the code change deployed last week; keep the raw text elsewhere.
-- expect: drop-column
ALTER TABLE crates DROP COLUMN readme;

-- case: a column folded into a new form by an UPDATE that reads it, then dropped
-- setup:
CREATE TABLE IF NOT EXISTS local_site (id bigint PRIMARY KEY, enable_nsfw boolean, note text);
CREATE TABLE IF NOT EXISTS site (id bigint PRIMARY KEY, content_warning text);
-- example:
UPDATE site SET content_warning = CASE WHEN local_site.enable_nsfw THEN 'NSFW' END FROM local_site;
ALTER TABLE local_site DROP enable_nsfw;
-- expect: drop-column
ALTER TABLE local_site DROP note;

-- case: another column renamed into the dropped name keeps the name working
-- setup:
CREATE TABLE IF NOT EXISTS editor (id bigint PRIMARY KEY, password text, bcrypt_password text, note text);
-- example:
ALTER TABLE editor DROP COLUMN password;
ALTER TABLE editor RENAME bcrypt_password TO password;
-- expect: drop-column
ALTER TABLE editor DROP COLUMN note;

-- case: a column moved into a column of the same name of another table (UPDATE … FROM the old table)
-- setup:
CREATE TABLE IF NOT EXISTS person (id bigint PRIMARY KEY, matrix_user_id text);
CREATE TABLE IF NOT EXISTS local_user (id bigint PRIMARY KEY, person_id bigint, matrix_user_id text);
-- example:
UPDATE person p SET matrix_user_id = lu.matrix_user_id FROM local_user lu WHERE p.id = lu.person_id;
ALTER TABLE local_user DROP COLUMN matrix_user_id;

-- case: the same name unqualified reads the updated table's own column, not the dropped one
-- setup:
CREATE TABLE IF NOT EXISTS site (id bigint PRIMARY KEY, theme text);
CREATE TABLE IF NOT EXISTS local_site (id bigint PRIMARY KEY, site_id bigint, theme text);
-- example:
UPDATE site SET theme = theme || '' FROM local_site WHERE local_site.site_id = site.id;
-- expect: drop-column
ALTER TABLE local_site DROP COLUMN theme;

-- case: a flag folded into a state by an UPDATE whose condition reads it
-- setup:
CREATE TABLE IF NOT EXISTS community (id bigint PRIMARY KEY, visibility text, hidden boolean, note text);
-- example:
UPDATE community SET visibility = 'Unlisted' WHERE hidden;
ALTER TABLE community DROP COLUMN hidden;
UPDATE community SET visibility = NULL WHERE note IS NULL;
-- expect: drop-column
ALTER TABLE community DROP COLUMN note;

-- case: a table emptied earlier in the same transaction has no value to lose
-- setup:
CREATE TABLE IF NOT EXISTS choices (id bigint PRIMARY KEY, question_id int);
-- example:
BEGIN;
TRUNCATE TABLE choices;
ALTER TABLE choices DROP COLUMN IF EXISTS question_id;
COMMIT;

-- case: columns moved into a table made by SELECT … INTO (the older spelling of CREATE TABLE … AS)
-- setup:
CREATE TABLE IF NOT EXISTS release (id bigint PRIMARY KEY, country int, date_year int, comment text);
-- example:
SELECT id AS release, country, date_year INTO release_country FROM release WHERE country IS NOT NULL;
ALTER TABLE release DROP COLUMN country, DROP COLUMN date_year;
-- expect: drop-column
ALTER TABLE release DROP COLUMN comment;

-- case: dropping again, IF EXISTS, a column an earlier migration dropped does nothing
-- setup:
CREATE TABLE queue (id serial PRIMARY KEY, queue_name text NOT NULL);
ALTER TABLE queue DROP COLUMN id;
-- example:
ALTER TABLE queue DROP COLUMN IF EXISTS id;

-- case: a column of the primary key stays required by the old release's inserts until the key moves off it
-- setup:
CREATE TABLE IF NOT EXISTS memberships (group_id bigint NOT NULL, user_id bigint NOT NULL, tenant text NOT NULL, PRIMARY KEY (group_id, user_id, tenant));
-- example:
-- expect: drop-column
ALTER TABLE memberships DROP COLUMN tenant;

-- case: a column the migration first moved the primary key off (Kuma's resources.namespace) could not have been made optional before the new key
-- setup:
CREATE TABLE IF NOT EXISTS resources (name varchar(100) NOT NULL, namespace varchar(100) NOT NULL, mesh varchar(100) NOT NULL, type varchar(100) NOT NULL, PRIMARY KEY (name, namespace, mesh, type));
-- example:
ALTER TABLE resources
    DROP CONSTRAINT resources_pkey,
    ADD CONSTRAINT resources_pkey PRIMARY KEY (name, mesh, type);
-- expect: drop-column
ALTER TABLE resources
    DROP COLUMN namespace;

-- case: the comment above the drop says the code stopped reading and writing the columns (MAS's contract step)
-- setup:
CREATE TABLE IF NOT EXISTS oauth2_authorization_grants (id bigint PRIMARY KEY, max_age int, requires_consent boolean NOT NULL DEFAULT false);
-- example:
-- We stopped reading and writing in those columns a long time ago, so it's fine
-- to drop them now
ALTER TABLE oauth2_authorization_grants
  DROP COLUMN max_age,
  DROP COLUMN requires_consent;

-- case: the file's header says the old schema was kept for rollbacks only and may go now
-- setup:
CREATE TABLE IF NOT EXISTS user_emails (id bigint PRIMARY KEY, confirmed_at timestamptz);
-- example:
-- We reworked how email verification works but kept some old schema around to
-- allow rolling back. We're safe to drop those now

-- User emails are always confirmed when they are in this table now
ALTER TABLE user_emails DROP COLUMN confirmed_at;

-- case: a comment that the column is still read is no statement that it is unused
-- setup:
CREATE TABLE IF NOT EXISTS user_emails (id bigint PRIMARY KEY, confirmed_at timestamptz);
-- example:
-- the login page still reads confirmed_at; drop it anyway
-- expect: drop-column
ALTER TABLE user_emails DROP COLUMN confirmed_at;

-- case: a comment that the code stopped writing a column says nothing of its reads
-- setup:
CREATE TABLE IF NOT EXISTS user_emails (id bigint PRIMARY KEY, confirmed_at timestamptz);
-- example:
-- we stopped writing confirmed_at in the last release
-- expect: drop-column
ALTER TABLE user_emails DROP COLUMN confirmed_at;

-- case: sqitch: a revert dropping a column that an earlier change added: the release rolled back to has it, and no later migration can drop it instead (cas-cif's form_change_as_project)
-- options: layout=sqitch down
-- setup:
CREATE TABLE project (id integer PRIMARY KEY, summary text);
ALTER TABLE project ADD COLUMN contract_number varchar(1000);
-- up:
CREATE FUNCTION project_summary(project) RETURNS text AS $$ SELECT $1.summary $$ LANGUAGE sql;
-- example:
-- help: This down runs after the code has gone back to the release before its up, which had contract_number
-- expect: drop-column
ALTER TABLE project DROP COLUMN IF EXISTS contract_number;
DROP FUNCTION project_summary(project);

-- case: the same statement adds a NOT NULL column without a default, so it runs only on an empty table: no value is lost (langfuse's auth_api_ui)
-- options: layout=prisma
-- setup:
CREATE TABLE "Account" (id text PRIMARY KEY, "userId" text NOT NULL);
-- example:
-- expect: add-column-not-null-no-default
ALTER TABLE "Account" DROP COLUMN "userId",
ADD COLUMN "user_id" TEXT NOT NULL;
