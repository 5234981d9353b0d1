--liquibase formatted sql

--changeset shop:drop_legacy_user_column
ALTER TABLE users DROP COLUMN legacy_id;
--rollback ALTER TABLE users ADD COLUMN legacy_id integer;
