--liquibase formatted sql

--changeset shop:create_users_table
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
--rollback SET lock_timeout = '5s';
--rollback 
--rollback DROP TABLE IF EXISTS users;
