ALTER TABLE users ADD COLUMN signup_token uuid DEFAULT gen_random_uuid();

ALTER TABLE orders ALTER COLUMN total_cents SET NOT NULL;

UPDATE users SET email = lower(email);
