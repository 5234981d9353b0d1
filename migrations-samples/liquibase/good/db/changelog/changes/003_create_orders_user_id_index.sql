--liquibase formatted sql

--changeset shop:create_orders_user_id_index runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS orders_user_id_idx;
