-- case: REVOKE from PUBLIC is the fix
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- case: named privileges to a named role
GRANT SELECT, INSERT ON accounts TO app;

-- case: a routine GRANT ALL on one object to its owner or admin role is not broad
GRANT ALL ON SCHEMA app TO app_owner;
GRANT ALL PRIVILEGES ON TABLE accounts TO admin;

-- case: ALL on every function of a schema is EXECUTE, which PUBLIC holds by default
GRANT ALL ON ALL FUNCTIONS IN SCHEMA app TO app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT ALL ON FUNCTIONS TO app;

-- case: ALL on every sequence of a schema
-- expect: broad-grant
GRANT ALL ON ALL SEQUENCES IN SCHEMA app TO app;

-- case: ALL, by default or on every table, and memberships given to admin roles only are what they are for
GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA auth TO supabase_auth_admin;
GRANT ALL ON ALL TABLES IN SCHEMA storage TO postgres;
ALTER DEFAULT PRIVILEGES IN SCHEMA cron GRANT ALL ON TABLES TO postgres WITH GRANT OPTION;
GRANT pg_read_all_data, pg_signal_backend TO postgres;

-- case: an API role among admin ones is named alone
-- expect: broad-grant
ALTER DEFAULT PRIVILEGES IN SCHEMA graphql GRANT ALL ON TABLES TO postgres, anon;

-- case: default privileges to PUBLIC, and a default REVOKE
-- expect: broad-grant
ALTER DEFAULT PRIVILEGES FOR ROLE owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT ON TABLES TO app;

-- case: membership in a role of administrators is broad, in an ordinary group role it is not
-- expect: broad-grant
GRANT rds_superuser TO app_login;
GRANT app_readers TO app_login;

-- case: PUBLIC among several grantees
-- expect: broad-grant
GRANT USAGE ON SCHEMA app TO app, PUBLIC;

-- case: the help's grant is the statement's own, not an example about other tables (cas-cif's session store)
-- setup:
CREATE SCHEMA cif;
CREATE TABLE cif.session (sid varchar PRIMARY KEY, sess json NOT NULL);
-- example:
-- expect: broad-grant
GRANT ALL ON cif.session TO PUBLIC;
-- help: `GRANT ALL on cif.session TO <application role>;`
-- help: `REVOKE ALL on cif.session FROM PUBLIC;`
