-- +goose Up
ALTER TABLE users ADD COLUMN signup_token uuid DEFAULT gen_random_uuid();

ALTER TABLE orders ALTER COLUMN total_cents SET NOT NULL;

UPDATE users SET email = lower(email);

-- +goose Down
ALTER TABLE orders ALTER COLUMN total_cents DROP NOT NULL;
ALTER TABLE users DROP COLUMN signup_token;
