--liquibase formatted sql

--changeset shop:validate_orders_user_foreign_key
SET lock_timeout = '5s';

-- VALIDATE scans orders under SHARE UPDATE EXCLUSIVE: reads and writes continue.
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;
--rollback SET lock_timeout = '5s';
--rollback 
--rollback -- A validated constraint cannot be marked unvalidated; re-adding it NOT VALID restores the previous state cheaply.
--rollback ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey;
--rollback ALTER TABLE orders
--rollback     ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
