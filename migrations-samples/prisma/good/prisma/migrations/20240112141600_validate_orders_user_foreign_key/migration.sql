SET lock_timeout = '5s';

-- VALIDATE scans orders under SHARE UPDATE EXCLUSIVE: reads and writes continue.
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;
