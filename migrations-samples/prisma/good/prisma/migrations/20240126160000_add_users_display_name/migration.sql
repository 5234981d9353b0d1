SET lock_timeout = '5s';

ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;
