SET lock_timeout = '5s';
--> statement-breakpoint
-- NOT VALID takes only a brief lock; existing rows are checked by the next migration.
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey;
--> statement-breakpoint
ALTER TABLE orders
    ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
