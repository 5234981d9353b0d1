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

-- case: a function body whose dollar quote is broken ($ $) is not read as statements (trieve's down)
-- options: layout=diesel down
-- example:
-- expect: syntax-error
CREATE OR REPLACE FUNCTION update_count() RETURNS TRIGGER AS $ $ BEGIN IF TG_OP = 'INSERT' THEN
UPDATE card_metadata_count SET total_rows = total_rows + 1;
END IF;
RETURN NULL;
END;
-- expect: syntax-error
$ $ LANGUAGE plpgsql;

-- case: goose substitutes ${VAR} under ENVSUB ON before sending, so it is no syntax error there
-- options: layout=goose
-- example:
-- +goose ENVSUB ON
CREATE SCHEMA IF NOT EXISTS ${APP_SCHEMA};
CREATE TABLE ${APP_SCHEMA}.t (id int);
-- +goose ENVSUB OFF

-- case: without ENVSUB ON goose sends ${VAR} as written, which PostgreSQL rejects
-- options: layout=goose
-- example:
-- expect: syntax-error
CREATE TABLE ${APP_SCHEMA}.t (id int);
