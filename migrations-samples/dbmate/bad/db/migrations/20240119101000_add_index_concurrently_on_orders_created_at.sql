-- migrate:up
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

-- migrate:down
DROP INDEX IF EXISTS orders_created_at_idx;
