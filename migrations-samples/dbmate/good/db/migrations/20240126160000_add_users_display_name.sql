-- migrate:up
SET lock_timeout = '5s';

ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;

-- migrate:down
SET lock_timeout = '5s';

ALTER TABLE users DROP COLUMN IF EXISTS display_name;
