--liquibase formatted sql

--changeset shop:add_users_display_name
SET lock_timeout = '5s';

ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;
--rollback SET lock_timeout = '5s';
--rollback 
--rollback ALTER TABLE users DROP COLUMN IF EXISTS display_name;
