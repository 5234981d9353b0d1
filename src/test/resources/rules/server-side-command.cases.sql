-- case: COPY to STDOUT is client-side
COPY (SELECT 1) TO STDOUT;

-- case: a dblink call inside an INSERT … SELECT
-- setup:
CREATE TABLE legacy_users (id bigint);
-- example:
-- expect: server-side-command
INSERT INTO legacy_users SELECT id FROM dblink('dbname=old', 'SELECT id FROM users') AS t(id bigint);

-- case: the function name inside a DO block's string or comment is not a call
DO $$ BEGIN RAISE NOTICE 'use pg_read_file(path) carefully'; -- pg_ls_dir(x)
END $$;

-- case: lo_export in a DO block
-- expect: server-side-command
DO $$ BEGIN PERFORM lo_export(1234, '/tmp/x'); END $$;

-- case: psql's client-side \copy is fine
\copy countries from 'countries.csv' csv
