-- case: REVOKE from PUBLIC is the fix
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- case: named privileges to a named role
GRANT SELECT, INSERT ON accounts TO app;

-- case: a routine GRANT ALL on one object to its owner or admin role is not broad
GRANT ALL ON SCHEMA app TO app_owner;
GRANT ALL PRIVILEGES ON TABLE accounts TO admin;

-- case: ALL on every function of a schema
-- expect: broad-grant
GRANT ALL ON ALL FUNCTIONS IN SCHEMA app TO app;

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
