-- case: REVOKE from PUBLIC is the fix
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- case: named privileges to a named role
GRANT SELECT, INSERT ON accounts TO app;

-- case: GRANT ALL without PRIVILEGES, on a schema
-- expect: broad-grant
GRANT ALL ON SCHEMA app TO app_owner;

-- case: PUBLIC among several grantees
-- expect: broad-grant
GRANT USAGE ON SCHEMA app TO app, PUBLIC;
