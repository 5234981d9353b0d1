-- +goose Up
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

-- +goose Down
DROP INDEX IF EXISTS orders_created_at_idx;
