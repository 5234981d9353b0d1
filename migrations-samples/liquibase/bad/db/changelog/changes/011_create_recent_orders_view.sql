--liquibase formatted sql

--changeset shop:create_recent_orders_view
CREATE OR REPLACE VIEW recent_orders AS
    SELECT id, user_id, created_at FROM orders WHERE created_at > 'now'::timestamptz - interval '30 days';
--rollback DROP VIEW recent_orders;
