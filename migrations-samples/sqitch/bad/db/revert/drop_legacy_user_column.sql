BEGIN;

ALTER TABLE users ADD COLUMN legacy_id integer;

COMMIT;
