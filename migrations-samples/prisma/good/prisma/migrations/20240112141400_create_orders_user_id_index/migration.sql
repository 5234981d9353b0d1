-- Alone in its migration: prisma migrate deploy sends the file as one query, and a single statement runs outside
-- a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);
