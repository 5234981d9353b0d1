-- case: a psql variable is interpolated by psql, not a literal in the file
CREATE ROLE app LOGIN PASSWORD :'app_password';

-- case: template placeholders and the empty string are not secrets
ALTER ROLE app PASSWORD '${app_password}';
ALTER ROLE app PASSWORD '{{ app_password }}';
ALTER ROLE app PASSWORD '<password>';
ALTER ROLE app PASSWORD '';

-- case: changeme is a real, guessable password
-- expect: hardcoded-secret
ALTER USER app WITH PASSWORD 'changeme';

-- case: a pre-hashed role password still is the credential for md5 authentication
-- expect: hardcoded-secret
CREATE USER app PASSWORD 'md5a3556571e93b0d20722ba62be61e8c2d';

-- case: PASSWORD NULL removes the password
ALTER ROLE app PASSWORD NULL;

-- case: stored password hashes are what applications keep, not the password
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, name text, password text, api_token text);
-- example:
INSERT INTO users (id, name, password) VALUES (1, 'admin', '$2b$12$KIXQJd0Fz3H7gq9W8Yb1UuPjJ6y6b8zV0bB0aW1mY5nU8r2sLq3xK');
INSERT INTO users (id, name, password) VALUES (2, 'service', '');

-- case: a literal in a credential column, by INSERT and UPDATE, each literal once
-- setup:
CREATE TABLE users (id bigint PRIMARY KEY, name text, password text, api_token text);
-- example:
-- expect: hardcoded-secret
INSERT INTO users (id, name, password) VALUES (1, 'admin', 'admin123'), (2, 'ops', 'hunter2');
-- expect: hardcoded-secret
UPDATE users SET api_token = 'a8f5f167f44f4964e6c998dee827110c' WHERE id = 1;

-- case: ordinary columns holding ordinary words are fine, even named like the secret's kind
-- setup:
CREATE TABLE settings (key text PRIMARY KEY, value text, token_type text);
-- example:
INSERT INTO settings (key, value, token_type) VALUES ('password_min_length', '12', 'bearer');

-- case: an AWS key id anywhere in a statement
-- expect: hardcoded-secret
COMMENT ON TABLE pg_class IS 'uploads with AKIAZ7QWERTYUIOPASDF';

-- case: AWS documentation example keys grant nothing
COMMENT ON TABLE pg_class IS 'for example AKIAIOSFODNN7EXAMPLE';

-- case: a private key block in a function body
-- expect: hardcoded-secret
CREATE FUNCTION signing_key() RETURNS text LANGUAGE sql AS $$ SELECT '-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA
-----END RSA PRIVATE KEY-----' $$;

-- case: a Slack token
-- expect: hardcoded-secret
SELECT 'xoxb-1234567890-abcdefghij';

-- case: the word token in a comment or an identifier is not a literal
-- a Slack xoxb-1234567890-abcdefghij token in a comment is not SQL
SELECT 1;
