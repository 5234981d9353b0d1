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
