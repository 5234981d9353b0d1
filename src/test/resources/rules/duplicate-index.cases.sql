-- case: an index beside the primary key on the same column
-- setup:
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email text);
-- example:
-- expect: duplicate-index
CREATE INDEX users_id_idx ON users (id);

-- case: other column order, a partial index, an expression and another method index something else
-- setup:
CREATE TABLE IF NOT EXISTS events (id bigint PRIMARY KEY, tenant_id bigint, kind text, payload jsonb);
CREATE INDEX IF NOT EXISTS events_tenant_kind_idx ON events (tenant_id, kind);
-- example:
CREATE INDEX events_kind_tenant_idx ON events (kind, tenant_id);
CREATE INDEX events_tenant_open_idx ON events (tenant_id, kind) WHERE kind = 'open';
CREATE INDEX events_lower_kind_idx ON events (lower(kind));
CREATE INDEX events_id_hash_idx ON events USING hash (id);

-- case: a unique index beside a plain one adds the uniqueness
-- setup:
CREATE TABLE IF NOT EXISTS sessions (id bigint PRIMARY KEY, token text);
CREATE INDEX IF NOT EXISTS sessions_token_idx ON sessions (token);
-- example:
CREATE UNIQUE INDEX sessions_token_key ON sessions (token);

-- case: the new index replaces the old one, dropped after it in the same migration
-- setup:
CREATE TABLE IF NOT EXISTS identities (id uuid PRIMARY KEY, nid uuid);
CREATE INDEX IF NOT EXISTS identities_nid_idx ON identities (id, nid);
-- example:
CREATE INDEX identities_id_nid_idx ON identities (id, nid);
DROP INDEX identities_nid_idx;

-- case: a copied statement that builds the index on the wrong table duplicates that table's key
-- setup:
CREATE TABLE IF NOT EXISTS users (id uuid PRIMARY KEY);
CREATE TABLE IF NOT EXISTS transcript_messages (id uuid PRIMARY KEY, user_id uuid REFERENCES users (id));
-- example:
-- expect: duplicate-index
CREATE INDEX transcript_messages_user_id_idx ON users (id);

-- case: IF NOT EXISTS of an index name already there builds nothing
-- setup:
CREATE TABLE IF NOT EXISTS edc_lease (lease_id varchar(255) NOT NULL CONSTRAINT lease_pk PRIMARY KEY);
CREATE UNIQUE INDEX IF NOT EXISTS lease_lease_id_uindex ON edc_lease (lease_id);
-- example:
CREATE UNIQUE INDEX IF NOT EXISTS lease_lease_id_uindex ON edc_lease (lease_id);
