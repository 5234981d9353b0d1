SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);
