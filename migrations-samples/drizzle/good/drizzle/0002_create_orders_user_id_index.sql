SET lock_timeout = '5s';
--> statement-breakpoint
-- drizzle-orm runs every pending migration in one transaction, where CONCURRENTLY cannot run. On a live database the
-- deploy builds the index first, on a connection of its own:
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);
-- and this statement then finds it done; a fresh database, whose orders is empty, gets it here.
-- miglint:ignore require-concurrent-index built CONCURRENTLY by the deploy before migrate(); see above
CREATE INDEX IF NOT EXISTS orders_user_id_idx ON orders (user_id);
