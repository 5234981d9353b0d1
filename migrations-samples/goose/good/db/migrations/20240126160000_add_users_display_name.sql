-- +goose Up
SET lock_timeout = '5s';

ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;

-- +goose Down
SET lock_timeout = '5s';

ALTER TABLE users DROP COLUMN IF EXISTS display_name;
