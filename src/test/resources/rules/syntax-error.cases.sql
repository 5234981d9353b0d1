-- case: Flyway drops a no-break space after the last statement (its parser reads U+00A0 as a blank)
-- options: layout=flyway
-- setup:
CREATE TABLE IF NOT EXISTS usergroupaccess (id bigint PRIMARY KEY);
-- example:
DROP TABLE IF EXISTS usergroupaccess CASCADE; 

-- case: a tool that sends the file to PostgreSQL as written fails on the no-break space
-- options: layout=golang-migrate
-- setup:
CREATE TABLE IF NOT EXISTS usergroupaccess (id bigint PRIMARY KEY);
-- example:
DROP TABLE IF EXISTS usergroupaccess CASCADE;
-- expect: syntax-error
 

-- case: Flyway replaces its placeholders before PostgreSQL reads the script (OpenRemote's ${schemaName})
-- options: layout=flyway
-- setup:
CREATE TABLE IF NOT EXISTS asset (id bigint PRIMARY KEY);
-- example:
ALTER TABLE ${schemaName}.asset SET (fillfactor = 90);
SELECT '${flyway:defaultSchema}', ${flyway:timestamp};

-- case: other tools send ${name} to PostgreSQL as written
-- options: layout=golang-migrate
-- setup:
CREATE TABLE IF NOT EXISTS asset (id bigint PRIMARY KEY);
-- example:
-- expect: syntax-error
ALTER TABLE ${schemaName}.asset SET (fillfactor = 90);
