SET lock_timeout = '5s';
--> statement-breakpoint
ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;
