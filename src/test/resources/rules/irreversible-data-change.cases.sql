-- case: a backfill of a column added by the same up loses nothing
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS logs (id int);
-- example:
-- migrate:up
ALTER TABLE users ADD COLUMN IF NOT EXISTS active boolean;
UPDATE users SET active = true WHERE id > 0;
-- expect: irreversible-data-change
DELETE FROM logs WHERE id < 0;

-- migrate:down
ALTER TABLE users DROP COLUMN IF EXISTS active;

-- case: a down that refills the table restores the data
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, role text);
CREATE TABLE IF NOT EXISTS logs (id int);
-- example:
-- migrate:up
UPDATE users SET role = 'member' WHERE role = 'guest';
-- expect: irreversible-data-change
DELETE FROM logs WHERE id < 0;

-- migrate:down
UPDATE users SET role = 'guest' WHERE role = 'member';

-- case: toggling a system catalog flag changes no application data
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS comment (id bigint PRIMARY KEY, hot_rank int);
CREATE INDEX IF NOT EXISTS idx_comment_hot_rank ON comment (hot_rank);
CREATE TABLE IF NOT EXISTS logs (id int);
-- example:
-- migrate:up
UPDATE pg_index SET indisready = FALSE WHERE indexrelid = 'idx_comment_hot_rank'::regclass;
-- expect: irreversible-data-change
DELETE FROM logs WHERE id < 0;

-- migrate:down
ALTER TABLE comment DROP COLUMN IF EXISTS note;
