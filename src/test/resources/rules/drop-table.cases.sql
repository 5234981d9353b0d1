-- case: a down dropping the table its up created is the normal reversal
-- options: layout=golang-migrate down
-- up:
CREATE TABLE IF NOT EXISTS invoices (id bigint PRIMARY KEY);
-- example:
DROP TABLE IF EXISTS invoices;
-- expect: drop-table
DROP TABLE IF EXISTS legacy_archive;

-- case: a down dropping a table its up did not create loses data
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS customers (id bigint PRIMARY KEY);
-- up:
CREATE TABLE IF NOT EXISTS invoices (id bigint PRIMARY KEY);
-- example:
DROP TABLE IF EXISTS invoices;
-- expect: drop-table
DROP TABLE IF EXISTS customers;

-- case: a table created earlier in the same script
CREATE TABLE IF NOT EXISTS scratch (id int);
DROP TABLE IF EXISTS scratch;
-- expect: drop-table
DROP TABLE IF EXISTS other_table;

-- case: a table rebuilt aside and renamed into the old name keeps the name and its rows
-- setup:
CREATE TABLE IF NOT EXISTS work (id bigint PRIMARY KEY, name text);
CREATE TABLE IF NOT EXISTS track (id bigint PRIMARY KEY);
-- example:
CREATE TABLE work2013 (id bigint PRIMARY KEY, name text);
INSERT INTO work2013 SELECT id, name FROM work;
DROP TABLE work;
ALTER TABLE work2013 RENAME TO work;
-- expect: drop-table
DROP TABLE track;

-- case: a down dropping a table that only exists since its up (made there by a rename)
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE IF NOT EXISTS comment_reply (id bigint PRIMARY KEY);
-- up:
ALTER TABLE comment_reply RENAME TO notification;
-- example:
CREATE TABLE comment_reply (id bigint PRIMARY KEY);
INSERT INTO comment_reply SELECT id FROM notification;
DROP TABLE notification;

-- case: rows moved by a DO block that loops over the table and inserts each row elsewhere
-- setup:
CREATE TABLE IF NOT EXISTS replication_task (id bigint PRIMARY KEY, status text);
CREATE TABLE IF NOT EXISTS task (id bigint PRIMARY KEY, status text);
CREATE TABLE IF NOT EXISTS replication_log (id bigint PRIMARY KEY);
-- example:
DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN SELECT * FROM replication_task
    LOOP
        INSERT INTO task (id, status) VALUES (t.id, t.status);
    END LOOP;
END $$;
DROP TABLE replication_task;
-- expect: drop-table
DROP TABLE replication_log;

-- case: a migration named for dropping unused tables
-- options: file=002_drop_unused_tables.sql
-- setup:
CREATE TABLE IF NOT EXISTS ocharles_timezones (id bigint);
-- example:
DROP TABLE ocharles_timezones;

-- case: DROP TABLE of a view loses no rows (PostgreSQL refuses it: drop-wrong-kind)
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS routers (address text PRIMARY KEY, balance numeric);
CREATE OR REPLACE VIEW router_liquidity AS SELECT address, balance FROM routers;
-- example:
-- migrate:up
SELECT 1;
-- migrate:down
DROP TABLE IF EXISTS router_liquidity;

-- case: liquibase: a changeset dropping a table the next changeset of the same changelog creates again is a rebuild (ab2d's recreate-coverage-table)
-- options: layout=liquibase
-- setup:
CREATE TABLE coverage (beneficiary_id bigint NOT NULL, contract_id bigint NOT NULL);
-- example:
--liquibase formatted sql
--changeset miglint:drop-coverage
DROP TABLE coverage;
--rollback CREATE TABLE coverage (beneficiary_id bigint NOT NULL, contract_id bigint NOT NULL);
--changeset miglint:recreate-coverage
CREATE TABLE coverage (id bigint PRIMARY KEY, contract_id bigint NOT NULL, beneficiary_id bigint NOT NULL);
--rollback DROP TABLE coverage;

-- case: liquibase: a changeset dropping a table no later changeset of its changelog creates again
-- options: layout=liquibase
-- setup:
CREATE TABLE coverage (beneficiary_id bigint NOT NULL, contract_id bigint NOT NULL);
-- example:
--liquibase formatted sql
--changeset miglint:drop-coverage
-- expect: drop-table
DROP TABLE coverage;
--rollback CREATE TABLE coverage (beneficiary_id bigint NOT NULL, contract_id bigint NOT NULL);
--changeset miglint:create-coverage-periods
CREATE TABLE coverage_period (id bigint PRIMARY KEY);
--rollback DROP TABLE coverage_period;
