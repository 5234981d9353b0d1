-- +goose Up
ALTER TABLE users DROP COLUMN legacy_id;

-- +goose Down
ALTER TABLE users ADD COLUMN legacy_id integer;
