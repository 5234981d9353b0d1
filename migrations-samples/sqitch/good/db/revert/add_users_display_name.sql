BEGIN;
SET LOCAL lock_timeout = '5s';

ALTER TABLE users DROP COLUMN IF EXISTS display_name;
COMMIT;
