-- case: a primary key on a table created in the same script builds on an empty table
-- example:
CREATE TABLE audit_log (id bigint);
ALTER TABLE audit_log ADD PRIMARY KEY (id);

-- case: USING INDEX only attaches an index built beforehand
-- setup:
CREATE TABLE audit_log (id bigint NOT NULL);
-- example:
CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log (id);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;

-- case: a new column declared PRIMARY KEY builds the index too
-- setup:
CREATE TABLE audit_log (note text);
-- example:
-- expect: add-primary-key
ALTER TABLE audit_log ADD COLUMN id bigint DEFAULT 1 PRIMARY KEY;

-- case: a serial or identity column declared PRIMARY KEY rewrites the table anyway (add-column-table-rewrite)
-- setup:
CREATE TABLE audit_log (note text);
CREATE TABLE audit_archive (note text);
-- example:
ALTER TABLE audit_log ADD COLUMN id serial PRIMARY KEY;
ALTER TABLE audit_archive ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;

-- case: a key dropped and added back in one transaction is reported once per table, with a help under another name
-- options: layout=dbmate
-- setup:
CREATE TABLE audit_log (id bigint NOT NULL, at timestamptz NOT NULL, CONSTRAINT audit_log_pkey PRIMARY KEY (id));
-- example:
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
-- expect: add-primary-key
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id, at);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_id_key UNIQUE (id);

-- case: a key on a column the migration adds (under another name, then renamed) is built after it commits
-- options: layout=dbmate
-- setup:
CREATE TABLE IF NOT EXISTS entity_data (id text NOT NULL, CONSTRAINT entity_data_pkey PRIMARY KEY (id));
-- example:
ALTER TABLE entity_data ADD COLUMN id_uuid uuid;
ALTER TABLE entity_data DROP CONSTRAINT entity_data_pkey;
ALTER TABLE entity_data DROP COLUMN id;
ALTER TABLE entity_data RENAME COLUMN id_uuid TO id;
-- expect: add-primary-key
ALTER TABLE entity_data ADD PRIMARY KEY (id);
