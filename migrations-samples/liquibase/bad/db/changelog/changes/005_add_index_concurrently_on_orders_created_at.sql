--liquibase formatted sql

--changeset shop:add_index_concurrently_on_orders_created_at
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);
--rollback DROP INDEX IF EXISTS orders_created_at_idx;
