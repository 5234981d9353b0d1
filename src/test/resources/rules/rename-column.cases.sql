-- case: a down renaming back what its up renamed
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email text);
-- up:
ALTER TABLE users RENAME COLUMN email TO email_address;
-- example:
ALTER TABLE users RENAME COLUMN email_address TO email;
-- expect: rename-column
ALTER TABLE users RENAME COLUMN id TO user_id;
