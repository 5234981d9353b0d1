ALTER TABLE users ADD COLUMN signup_token uuid DEFAULT gen_random_uuid();
--> statement-breakpoint
ALTER TABLE orders ALTER COLUMN total_cents SET NOT NULL;
--> statement-breakpoint
UPDATE users SET email = lower(email);
