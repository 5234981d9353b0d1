--liquibase formatted sql

--changeset shop:fix_stuff
ALTER TABLE users ADD COLUMN signup_token uuid DEFAULT gen_random_uuid();

ALTER TABLE orders ALTER COLUMN total_cents SET NOT NULL;

UPDATE users SET email = lower(email);
--rollback ALTER TABLE orders ALTER COLUMN total_cents DROP NOT NULL;
--rollback ALTER TABLE users DROP COLUMN signup_token;
