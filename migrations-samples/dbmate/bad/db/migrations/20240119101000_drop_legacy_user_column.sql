-- migrate:up
ALTER TABLE users DROP COLUMN legacy_id;

-- migrate:down
ALTER TABLE users ADD COLUMN legacy_id integer;
