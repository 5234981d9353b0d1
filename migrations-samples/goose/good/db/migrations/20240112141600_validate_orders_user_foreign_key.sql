-- +goose Up
SET lock_timeout = '5s';

-- VALIDATE scans orders under SHARE UPDATE EXCLUSIVE: reads and writes continue.
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;

-- +goose Down
SET lock_timeout = '5s';

-- A validated constraint cannot be marked unvalidated; re-adding it NOT VALID restores the previous state cheaply.
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey;
ALTER TABLE orders
    ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
