-- case: a folder too young to show a convention gets no finding
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, number text);
CREATE INDEX orders_by_customer ON orders (customer_id);

-- case: unnamed indexes get PostgreSQL's name and are not checked
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE INDEX ON orders (customer_id);

-- case: every template the folder uses for a tenth of its indexes is accepted (idx_ and uq_)
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE INDEX idx_orders_customer_id ON orders (customer_id);
CREATE UNIQUE INDEX uq_orders_customer_id_number ON orders (customer_id, number);

-- case: a name that follows none of the folder's templates is the outlier
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE INDEX idx_orders_customer_id ON orders (customer_id);
-- expect: index-name-convention
CREATE INDEX orders_by_customer ON orders (customer_id);

-- case: a folder of {table}_{columns}_idx names: an idx_ name breaks it
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
CREATE INDEX orders_number_idx ON orders (number);
CREATE INDEX orders_customer_id_status_idx ON orders (customer_id, status);
CREATE INDEX orders_status_placed_at_idx ON orders (status, placed_at);
-- example:
-- expect: index-name-convention
CREATE INDEX idx_orders_customer_id ON orders (customer_id);

-- case: a folder whose index names follow no template gets no finding
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE INDEX by_status ON orders (status);
CREATE INDEX orders_placed ON orders (placed_at);
CREATE INDEX ix_num ON orders (number);
CREATE INDEX customer_lookup ON orders (customer_id);
CREATE INDEX orders_status_placed_at_idx ON orders (status, placed_at);
-- example:
CREATE INDEX whatever_name ON orders (customer_id);

-- case: the folder's columns part may abbreviate (idx_orders_customer on customer_id)
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE INDEX idx_orders_customer ON orders (customer_id);

-- case: ordering and operator classes do not change the column list; schema is not part of {table}
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, customer_id bigint, number text);
CREATE INDEX idx_orders_customer_id_number ON app.orders (customer_id DESC, number text_pattern_ops);

-- case: expression indexes match any column part
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE INDEX idx_orders_lower_number ON orders (lower(number));

-- case: PostgreSQL's own names are accepted
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE UNIQUE INDEX orders_customer_id_key ON orders (customer_id);

-- case: an index that becomes a constraint is named as the constraint
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
CREATE TABLE audit_log (id bigint NOT NULL);
-- example:
CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log (id);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;

-- case: a down re-creating a dropped index must use its old name
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
CREATE INDEX orders_by_customer ON orders (customer_id);
-- up:
DROP INDEX orders_by_customer;
-- example:
CREATE INDEX orders_by_customer ON orders (customer_id);

-- case: a unique index named as PostgreSQL names primary keys, and a replacement built next to the old index
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
CREATE UNIQUE INDEX orders_pkey ON orders (id);
CREATE INDEX idx_orders_status_new ON orders (status);

-- case: _pkey is no name for a non-unique index
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_country ON customers (country);
CREATE UNIQUE INDEX uq_customers_email ON customers (email);
CREATE UNIQUE INDEX uq_orders_number ON orders (number);
-- example:
-- expect: index-name-convention
CREATE INDEX orders_pkey ON orders (id);

-- case: a folder that mixes idx_, _idx and _index templates gets no finding
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, country text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX orders_placed_at_index ON orders (placed_at);
CREATE INDEX customers_name_idx ON customers (name);
CREATE INDEX customers_country_index ON customers (country);
CREATE INDEX idx_customers_email ON customers (email);
CREATE INDEX orders_number_idx ON orders (number);
-- example:
CREATE INDEX by_customer ON orders (customer_id);

-- case: musicbrainz: {table}_idx_{columns}, {table}_idx_uniq for a link table, {table}_idx where the table names the column
-- setup:
CREATE TABLE area (id int PRIMARY KEY, name text, gid uuid);
CREATE TABLE label (id int PRIMARY KEY, name text, gid uuid);
CREATE INDEX area_idx_name ON area (name);
CREATE UNIQUE INDEX area_idx_gid ON area (gid);
CREATE INDEX label_idx_name ON label (name);
CREATE UNIQUE INDEX label_idx_gid ON label (gid);
CREATE TABLE track (id int PRIMARY KEY, medium int, position int, name text);
CREATE INDEX track_idx_name ON track (name);
-- example:
CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, link int);
CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);
CREATE TABLE edit_area (edit int NOT NULL, area int NOT NULL);
CREATE INDEX edit_area_idx ON edit_area (area);
CREATE UNIQUE INDEX track_idx_medium_position_uniq ON track (medium, position);

-- case: musicbrainz: {table}_idx names no column where the table's name does not say it
-- setup:
CREATE TABLE area (id int PRIMARY KEY, name text, gid uuid);
CREATE TABLE label (id int PRIMARY KEY, name text, gid uuid);
CREATE INDEX area_idx_name ON area (name);
CREATE UNIQUE INDEX area_idx_gid ON area (gid);
CREATE INDEX label_idx_name ON label (name);
CREATE UNIQUE INDEX label_idx_gid ON label (gid);
CREATE TABLE track (id int PRIMARY KEY, medium int, position int, name text);
CREATE INDEX track_idx_name ON track (name);
-- example:
CREATE TABLE medium_index (medium int, toc text);
-- expect: index-name-convention
CREATE INDEX medium_index_idx ON medium_index (toc);

-- case: an index dropped and rebuilt under the name it had (with an INCLUDE) keeps that name; a new one is judged
-- setup:
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint, number text, status text, placed_at timestamptz);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
CREATE INDEX orders_number_idx ON orders (number);
CREATE INDEX orders_customer_id_status_idx ON orders (customer_id, status);
CREATE INDEX orders_status_placed_at_idx ON orders (status, placed_at);
CREATE INDEX ix_orders_by_customer ON orders (customer_id);
-- example:
DROP INDEX ix_orders_by_customer;
CREATE INDEX ix_orders_by_customer ON orders (customer_id) INCLUDE (status);
-- expect: index-name-convention
CREATE INDEX ix_orders_by_number ON orders (number) INCLUDE (status);

-- case: a migration that names three indexes one new way takes up another convention: not an outlier
-- setup:
CREATE TABLE "Orders" ("id" bigint, "customerId" bigint, "number" text, "status" text, "placedAt" text, "total" bigint, "region" text, "note" text);
CREATE INDEX "Orders_id_index" ON "Orders" ("id");
CREATE INDEX "Orders_customerId_index" ON "Orders" ("customerId");
CREATE INDEX "Orders_number_index" ON "Orders" ("number");
CREATE INDEX "Orders_status_index" ON "Orders" ("status");
CREATE INDEX "Orders_placedAt_index" ON "Orders" ("placedAt");
CREATE INDEX "Orders_total_index" ON "Orders" ("total");
CREATE INDEX "Orders_region_index" ON "Orders" ("region");
CREATE INDEX "Orders_note_index" ON "Orders" ("note");
CREATE INDEX "Orders_id_customerId_index" ON "Orders" ("id", "customerId");
CREATE INDEX "Orders_id_number_index" ON "Orders" ("id", "number");
CREATE INDEX "Orders_id_status_index" ON "Orders" ("id", "status");
CREATE INDEX "Orders_id_placedAt_index" ON "Orders" ("id", "placedAt");
CREATE INDEX "Orders_id_total_index" ON "Orders" ("id", "total");
CREATE INDEX "Orders_id_region_index" ON "Orders" ("id", "region");
CREATE INDEX "Orders_id_note_index" ON "Orders" ("id", "note");
CREATE INDEX "Orders_customerId_number_index" ON "Orders" ("customerId", "number");
CREATE INDEX "Orders_customerId_status_index" ON "Orders" ("customerId", "status");
CREATE INDEX "Orders_customerId_placedAt_index" ON "Orders" ("customerId", "placedAt");
CREATE INDEX "Orders_customerId_total_index" ON "Orders" ("customerId", "total");
CREATE INDEX "Orders_customerId_region_index" ON "Orders" ("customerId", "region");
CREATE INDEX "Orders_customerId_note_index" ON "Orders" ("customerId", "note");
CREATE INDEX "Orders_number_status_index" ON "Orders" ("number", "status");
CREATE INDEX "Orders_number_placedAt_index" ON "Orders" ("number", "placedAt");
CREATE INDEX "Orders_number_total_index" ON "Orders" ("number", "total");
CREATE INDEX "Orders_number_region_index" ON "Orders" ("number", "region");
CREATE INDEX "Orders_number_note_index" ON "Orders" ("number", "note");
CREATE INDEX "Orders_status_placedAt_index" ON "Orders" ("status", "placedAt");
CREATE INDEX "Orders_status_total_index" ON "Orders" ("status", "total");
CREATE INDEX "Orders_status_region_index" ON "Orders" ("status", "region");
CREATE INDEX "Orders_status_note_index" ON "Orders" ("status", "note");
CREATE INDEX "Orders_placedAt_total_index" ON "Orders" ("placedAt", "total");
CREATE INDEX "Orders_placedAt_region_index" ON "Orders" ("placedAt", "region");
CREATE INDEX "Orders_placedAt_note_index" ON "Orders" ("placedAt", "note");
CREATE INDEX "Orders_total_region_index" ON "Orders" ("total", "region");
CREATE INDEX "Orders_total_note_index" ON "Orders" ("total", "note");
CREATE INDEX "Orders_region_note_index" ON "Orders" ("region", "note");
-- example:
CREATE INDEX "Orders_customerId_idx" ON "Orders" ("customerId", "id", "total");
CREATE INDEX "Orders_status_region_idx" ON "Orders" ("status", "region", "note");
CREATE INDEX "Orders_placedAt_total_idx" ON "Orders" ("placedAt", "total", "id");

-- case: one index named another way in a migration that otherwise follows the folder is the outlier (a name PostgreSQL would give, {table}_{columns}_idx with the columns as written, is accepted anyway)
-- setup:
CREATE TABLE "Orders" ("id" bigint, "customerId" bigint, "number" text, "status" text, "placedAt" text, "total" bigint, "region" text, "note" text);
CREATE INDEX "Orders_id_index" ON "Orders" ("id");
CREATE INDEX "Orders_customerId_index" ON "Orders" ("customerId");
CREATE INDEX "Orders_number_index" ON "Orders" ("number");
CREATE INDEX "Orders_status_index" ON "Orders" ("status");
CREATE INDEX "Orders_placedAt_index" ON "Orders" ("placedAt");
CREATE INDEX "Orders_total_index" ON "Orders" ("total");
CREATE INDEX "Orders_region_index" ON "Orders" ("region");
CREATE INDEX "Orders_note_index" ON "Orders" ("note");
CREATE INDEX "Orders_id_customerId_index" ON "Orders" ("id", "customerId");
CREATE INDEX "Orders_id_number_index" ON "Orders" ("id", "number");
CREATE INDEX "Orders_id_status_index" ON "Orders" ("id", "status");
CREATE INDEX "Orders_id_placedAt_index" ON "Orders" ("id", "placedAt");
CREATE INDEX "Orders_id_total_index" ON "Orders" ("id", "total");
CREATE INDEX "Orders_id_region_index" ON "Orders" ("id", "region");
CREATE INDEX "Orders_id_note_index" ON "Orders" ("id", "note");
CREATE INDEX "Orders_customerId_number_index" ON "Orders" ("customerId", "number");
CREATE INDEX "Orders_customerId_status_index" ON "Orders" ("customerId", "status");
CREATE INDEX "Orders_customerId_placedAt_index" ON "Orders" ("customerId", "placedAt");
CREATE INDEX "Orders_customerId_total_index" ON "Orders" ("customerId", "total");
CREATE INDEX "Orders_customerId_region_index" ON "Orders" ("customerId", "region");
CREATE INDEX "Orders_customerId_note_index" ON "Orders" ("customerId", "note");
CREATE INDEX "Orders_number_status_index" ON "Orders" ("number", "status");
CREATE INDEX "Orders_number_placedAt_index" ON "Orders" ("number", "placedAt");
CREATE INDEX "Orders_number_total_index" ON "Orders" ("number", "total");
CREATE INDEX "Orders_number_region_index" ON "Orders" ("number", "region");
CREATE INDEX "Orders_number_note_index" ON "Orders" ("number", "note");
CREATE INDEX "Orders_status_placedAt_index" ON "Orders" ("status", "placedAt");
CREATE INDEX "Orders_status_total_index" ON "Orders" ("status", "total");
CREATE INDEX "Orders_status_region_index" ON "Orders" ("status", "region");
CREATE INDEX "Orders_status_note_index" ON "Orders" ("status", "note");
CREATE INDEX "Orders_placedAt_total_index" ON "Orders" ("placedAt", "total");
CREATE INDEX "Orders_placedAt_region_index" ON "Orders" ("placedAt", "region");
CREATE INDEX "Orders_placedAt_note_index" ON "Orders" ("placedAt", "note");
CREATE INDEX "Orders_total_region_index" ON "Orders" ("total", "region");
CREATE INDEX "Orders_total_note_index" ON "Orders" ("total", "note");
CREATE INDEX "Orders_region_note_index" ON "Orders" ("region", "note");
-- example:
-- expect: index-name-convention
CREATE INDEX "Orders_customerId_id_total_ix" ON "Orders" ("customerId", "id", "total");
CREATE INDEX "Orders_status_region_note_index" ON "Orders" ("status", "region", "note");

-- case: an index dropped and rebuilt under its name with a replacement's suffix (hatchet's …_idx_2) keeps that name
-- setup:
CREATE TABLE "QueueItem" (id bigint NOT NULL, "isQueued" boolean, "tenantId" uuid, queue text, priority int);
CREATE INDEX "QueueItem_queue_idx" ON "QueueItem" (queue);
CREATE INDEX "QueueItem_priority_idx" ON "QueueItem" (priority);
CREATE INDEX "QueueItem_tenantId_idx" ON "QueueItem" ("tenantId");
CREATE INDEX "QueueItem_isQueued_idx" ON "QueueItem" ("isQueued");
CREATE INDEX "QueueItem_tenantId_queue_idx" ON "QueueItem" ("tenantId", queue);
CREATE INDEX "QueueItem_isQueued_priority_tenantId_queue_id_idx" ON "QueueItem" ("isQueued", priority, "tenantId", queue, id);
-- example:
DROP INDEX "QueueItem_isQueued_priority_tenantId_queue_id_idx";
CREATE INDEX "QueueItem_isQueued_priority_tenantId_queue_id_idx_2" ON "QueueItem" ("isQueued", "tenantId", queue, priority DESC, id);

-- case: the name proposed keeps the case of quoted column names, as the folder's names do
-- setup:
CREATE TABLE "QueueItem" (id bigint NOT NULL, "isQueued" boolean, "tenantId" uuid, queue text, priority int);
CREATE INDEX "QueueItem_queue_idx" ON "QueueItem" (queue);
CREATE INDEX "QueueItem_priority_idx" ON "QueueItem" (priority);
CREATE INDEX "QueueItem_tenantId_idx" ON "QueueItem" ("tenantId");
CREATE INDEX "QueueItem_isQueued_idx" ON "QueueItem" ("isQueued");
CREATE INDEX "QueueItem_tenantId_queue_idx" ON "QueueItem" ("tenantId", queue);
-- example:
-- expect: index-name-convention
CREATE INDEX "idx_queue_items_by_tenant" ON "QueueItem" ("isQueued", "tenantId");
-- help: Name it `QueueItem_isQueued_tenantId_idx`
