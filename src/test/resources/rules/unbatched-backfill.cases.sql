-- case: reference data pinned to a constant is not a backfill
UPDATE settings SET value = 'on' WHERE key = 'registration_open';
UPDATE roles SET name = 'editor' WHERE id IN (3, 4);
DELETE FROM feature_flags WHERE name = 'old_flag' AND enabled IS NULL;
UPDATE settings SET value = 'x' WHERE key = ANY ('{a,b}'::text[]);

-- case: a key range or a LIMIT bounds the batch
UPDATE posts SET hot_rank = 0 WHERE id BETWEEN 1 AND 10000;
DELETE FROM post_likes WHERE post_id IN (SELECT post_id FROM post_likes WHERE published IS NULL LIMIT 5000);

-- case: a join backfill updates every matching row
-- expect: unbatched-backfill
UPDATE post_aggregates pa SET comments = c.count FROM comment_counts c WHERE pa.post_id = c.post_id;

-- case: a boolean flag is no key
-- expect: unbatched-backfill
UPDATE users SET role = 'member' WHERE is_admin = false;

-- case: an alternative that pins nothing makes the whole condition unpinned
-- expect: unbatched-backfill
UPDATE users SET note = '' WHERE id = 1 OR note IS NULL;

-- case: tables created earlier in the script are empty
CREATE TABLE report_combined (published timestamptz, post_report_id bigint);
UPDATE report_combined SET published = now() WHERE published IS NULL;

-- case: a multi-way copy of existing history into a new table
CREATE TABLE report_combined (published timestamptz, post_report_id bigint, comment_report_id bigint);
-- expect: unbatched-backfill
INSERT INTO report_combined (published, post_report_id, comment_report_id)
SELECT published, id, NULL FROM post_report
UNION ALL
SELECT published, NULL, id FROM comment_report;

-- case: a copy out of a table created in the same script, or out of VALUES and functions, copies nothing existing
CREATE TABLE staging (id bigint);
INSERT INTO staging SELECT g FROM generate_series(1, 10) AS g;
INSERT INTO targets (id) SELECT id FROM staging;
INSERT INTO targets (id) SELECT v FROM (VALUES (1), (2)) AS t (v);

-- case: an idempotent seed reads the table only in its NOT EXISTS check
INSERT INTO settings (key, value) SELECT 'theme', 'dark' WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'theme');

-- case: a copy restricted to a constant key is small
INSERT INTO archive (id, body) SELECT id, body FROM posts WHERE community_id = 42;

-- case: orphan clean-up and catalog flips
DELETE FROM documentation.l_artist_url_example WHERE id NOT IN (SELECT id FROM musicbrainz.l_artist_url);
DELETE FROM tags t WHERE NOT EXISTS (SELECT 1 FROM tag_raw r WHERE r.tag = t.id);
UPDATE pg_index SET indisready = false WHERE indrelid = (SELECT oid FROM pg_class WHERE relname = 'posts');

-- case: a down is checked too
-- options: layout=golang-migrate down
-- up:
ALTER TABLE IF EXISTS person_actions ADD COLUMN IF NOT EXISTS blocked timestamptz;
-- example:
-- expect: unbatched-backfill
INSERT INTO person_block (person_id, published) SELECT person_id, blocked FROM person_actions WHERE blocked IS NOT NULL;

-- case: a down restoring from the backup table its own up made
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS users_flag_backup AS SELECT id, legacy_flag FROM users;
ALTER TABLE users DROP COLUMN IF EXISTS legacy_flag;
-- example:
ALTER TABLE users ADD COLUMN IF NOT EXISTS legacy_flag boolean;
UPDATE users SET legacy_flag = b.legacy_flag FROM users_flag_backup b WHERE b.id = users.id;

-- case: a psql variable is a constant too
UPDATE link_type SET description = 'Part of a series.' WHERE gid = :SERIES_GID;
