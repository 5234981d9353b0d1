BEGIN;
SET LOCAL lock_timeout = '5s';

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey;
COMMIT;
