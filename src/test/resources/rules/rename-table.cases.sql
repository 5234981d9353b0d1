-- case: a down giving a table back the name it had before the up, after the up rebuilt it under a new name
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS community_follower (id bigint PRIMARY KEY);
-- up:
CREATE TABLE community_actions (id bigint PRIMARY KEY);
INSERT INTO community_actions SELECT id FROM community_follower;
DROP TABLE community_follower;
-- example:
ALTER TABLE community_actions RENAME TO community_follower;

-- case: rebuilding a table under its own name (rename aside, create, copy, drop) keeps the name working
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS local_image (id bigint PRIMARY KEY, person_id bigint);
CREATE TABLE IF NOT EXISTS thumbnails (id bigint PRIMARY KEY);
-- up:
ALTER TABLE local_image ADD COLUMN note text;
-- example:
ALTER TABLE local_image RENAME TO local_image_old;
CREATE TABLE local_image (id bigint PRIMARY KEY, person_id bigint);
INSERT INTO local_image SELECT id, person_id FROM local_image_old;
DROP TABLE local_image_old;
-- expect: rename-table
ALTER TABLE thumbnails RENAME TO previews;

-- case: names made plural are renames each, not tables moved aside for a rebuild
-- setup:
CREATE TABLE IF NOT EXISTS job (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS task (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS event (id bigint PRIMARY KEY);
-- example:
-- expect: rename-table
ALTER TABLE job RENAME TO jobs;
-- expect: rename-table
ALTER TABLE task RENAME TO tasks;
ALTER TABLE event RENAME TO events;
CREATE TABLE event (id bigint PRIMARY KEY, kind text);

-- case: sqitch: a revert renaming a table back to the name an earlier change took from it breaks only a rollback of this change alone
-- options: layout=sqitch down
-- setup:
CREATE TABLE cif.amendment_status (name varchar(1000) PRIMARY KEY);
ALTER TABLE cif.amendment_status RENAME TO revision_status;
-- up:
ALTER TABLE cif.revision_status ADD COLUMN is_amendment_specific boolean;
-- example:
ALTER TABLE cif.revision_status DROP COLUMN is_amendment_specific;
-- expect: rename-table
ALTER TABLE cif.revision_status RENAME TO amendment_status;

-- case: popx: a down renaming a table an earlier file of its group created is no concern of the release rolled back to
-- options: layout=popx down
-- setup:
CREATE TABLE identities (id uuid PRIMARY KEY);
-- earlier-up:
CREATE TABLE settings_flows (id uuid PRIMARY KEY);
-- earlier-down:
DROP TABLE settings_flows_old;
-- up:
--
-- example:
ALTER TABLE settings_flows RENAME TO settings_flows_old;

-- case: popx: an earlier file of the group renamed a column of the table, so no view under the old table name keeps the old code working (kratos's rename_profile_flows)
-- options: layout=popx
-- setup:
CREATE TABLE profile_request_methods (id uuid PRIMARY KEY, profile_request_id uuid);
-- earlier-up:
ALTER TABLE profile_request_methods RENAME COLUMN profile_request_id TO settings_request_id;
-- earlier-down:
ALTER TABLE profile_request_methods RENAME COLUMN settings_request_id TO profile_request_id;
-- example:
-- help: No view under the old name can keep the old code working here:
-- expect: rename-table
ALTER TABLE profile_request_methods RENAME TO settings_request_methods;

-- case: liquibase: a table the changeset before it in the same changelog created is renamed into place: no running code knows its name (ab2d's replace_coverage_table)
-- options: layout=liquibase
-- setup:
CREATE TABLE coverage (id bigint PRIMARY KEY);
-- example:
--liquibase formatted sql
--changeset miglint:create-partitioned
CREATE TABLE coverage_partitioned (id bigint NOT NULL, year int NOT NULL) PARTITION BY LIST (year);
--rollback DROP TABLE coverage_partitioned;
--changeset miglint:swap
ALTER TABLE coverage RENAME TO coverage_old;
ALTER TABLE coverage_partitioned RENAME TO coverage;
--rollback ALTER TABLE coverage RENAME TO coverage_partitioned; ALTER TABLE coverage_old RENAME TO coverage;
