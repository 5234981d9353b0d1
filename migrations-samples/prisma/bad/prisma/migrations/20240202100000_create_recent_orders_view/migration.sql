CREATE OR REPLACE VIEW recent_orders AS
    SELECT id, user_id, created_at FROM orders WHERE created_at > 'now'::timestamptz - interval '30 days';
