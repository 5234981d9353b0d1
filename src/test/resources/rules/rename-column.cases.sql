-- case: a down renaming back what its up renamed
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email text);
-- up:
ALTER TABLE users RENAME COLUMN email TO email_address;
-- example:
ALTER TABLE users RENAME COLUMN email_address TO email;
-- expect: rename-column
ALTER TABLE users RENAME COLUMN id TO user_id;

-- case: a down giving a column back the name it had before the up, on a table the down renamed back first
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS user_ban (id bigint PRIMARY KEY, user_id bigint);
-- up:
ALTER TABLE user_ban RENAME TO person_ban;
ALTER TABLE person_ban RENAME COLUMN user_id TO person_id;
-- example:
ALTER TABLE person_ban RENAME TO user_ban;
ALTER TABLE user_ban RENAME COLUMN person_id TO user_id;

-- case: a down renaming a column back on the table's new name, after the up renamed column and table
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS mod_sticky_post (id bigint PRIMARY KEY, stickied boolean);
-- up:
ALTER TABLE mod_sticky_post RENAME COLUMN stickied TO featured;
ALTER TABLE mod_sticky_post RENAME TO mod_feature_post;
-- example:
ALTER TABLE mod_feature_post RENAME COLUMN featured TO stickied;
ALTER TABLE mod_feature_post RENAME TO mod_sticky_post;

-- case: rebuilding a column under its own name (add, copy, drop, rename) keeps the name working
-- setup:
CREATE TABLE IF NOT EXISTS entity_data (id text PRIMARY KEY);
-- example:
ALTER TABLE entity_data ADD COLUMN id_uuid uuid;
UPDATE entity_data SET id_uuid = id::uuid;
ALTER TABLE entity_data DROP COLUMN id;
ALTER TABLE entity_data RENAME COLUMN id_uuid TO id;

-- case: moving a column aside and adding a new one under the old name keeps the name working
-- setup:
CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, state text);
-- example:
ALTER TABLE accounts RENAME COLUMN state TO state_old;
ALTER TABLE accounts ADD COLUMN state int;
UPDATE accounts SET state = 1 WHERE state_old = 'active';
-- expect: rename-column
ALTER TABLE accounts RENAME COLUMN id TO account_id;

-- case: a column of a table the migration renamed before: the old code's queries already fail at the table's rename
-- setup:
CREATE TABLE IF NOT EXISTS transaction_runs (id bigint PRIMARY KEY, transaction_id text);
-- example:
ALTER TABLE transaction_runs RENAME TO test_suite_runs;
ALTER TABLE test_suite_runs RENAME COLUMN transaction_id TO test_suite_id;

-- case: popx: a down giving a column back the name it had before the group's ups, which renamed it and its table in other files
-- options: layout=popx down
-- setup:
CREATE TABLE profile_request_methods (id uuid PRIMARY KEY, profile_request_id uuid);
CREATE TABLE profile_requests (id uuid PRIMARY KEY);
-- earlier-up:
ALTER TABLE "profile_request_methods" RENAME COLUMN "profile_request_id" TO "settings_request_id";
ALTER TABLE "profile_request_methods" RENAME TO "settings_request_methods";
-- earlier-down:
ALTER TABLE "settings_request_methods" RENAME TO "profile_request_methods";
ALTER TABLE "settings_requests" RENAME TO "profile_requests";
-- up:
ALTER TABLE "profile_requests" RENAME TO "settings_requests";
-- example:
ALTER TABLE "settings_request_methods" RENAME COLUMN "settings_request_id" TO "profile_request_id";

-- case: sqitch: a revert renaming a column back to the name an earlier change took from it breaks only a rollback of this change alone
-- options: layout=sqitch down
-- setup:
CREATE TABLE cif.amendment_status (name varchar(1000) PRIMARY KEY);
CREATE TABLE cif.project_revision (id int PRIMARY KEY, amendment_status varchar(1000));
ALTER TABLE cif.project_revision RENAME amendment_status TO revision_status;
-- up:
ALTER TABLE cif.amendment_status RENAME TO revision_status;
ALTER TABLE cif.revision_status ADD COLUMN is_amendment_specific boolean;
-- example:
ALTER TABLE cif.revision_status RENAME TO amendment_status;
ALTER TABLE cif.amendment_status DROP COLUMN is_amendment_specific;
-- expect: rename-column
ALTER TABLE cif.project_revision RENAME revision_status TO amendment_status;

-- case: a down renaming a column the up added is no concern of the release rolled back to
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY);
-- up:
ALTER TABLE users ADD COLUMN nickname text;
-- example:
ALTER TABLE users RENAME COLUMN nickname TO nickname_old;

-- case: popx: a column renamed in a group whose later file renames its table: the old code breaks at the table's rename, which rename-table reports (kratos's rename_profile_flows)
-- options: layout=popx
-- setup:
CREATE TABLE profile_request_methods (id uuid PRIMARY KEY, profile_request_id uuid);
-- example:
ALTER TABLE profile_request_methods RENAME COLUMN profile_request_id TO settings_request_id;
-- later-up:
ALTER TABLE profile_request_methods RENAME TO settings_request_methods;
-- later-down:
ALTER TABLE settings_request_methods RENAME TO profile_request_methods;

-- case: a column renamed and dropped later in the same migration: no expand and contract, the help says to keep the old column (langfuse's organizations migration)
-- setup:
CREATE TABLE membership_invitations (id text PRIMARY KEY, role text NOT NULL);
-- example:
-- expect: rename-column
ALTER TABLE membership_invitations RENAME COLUMN role TO project_role;
ALTER TABLE membership_invitations ADD COLUMN org_role text;
UPDATE membership_invitations SET org_role = project_role;
ALTER TABLE membership_invitations DROP COLUMN project_role;
-- help: The renamed column is dropped at line 6 of this migration
