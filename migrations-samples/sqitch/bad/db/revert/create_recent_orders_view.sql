BEGIN;

DROP VIEW recent_orders;

COMMIT;
