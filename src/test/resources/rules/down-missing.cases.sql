-- case: a golang-migrate folder without any down gets one info finding
-- options: layout=golang-migrate file=1_create_orders
-- example:
-- expect-file: down-missing
CREATE TABLE orders (id bigint);

-- case: a Liquibase changeset without a rollback where the changelog's others have one
-- options: layout=liquibase
-- example:
--liquibase formatted sql
--changeset miglint:create-orders
CREATE TABLE orders (id bigint);
--rollback DROP TABLE orders;
--changeset miglint:create-customers
-- expect: down-missing
CREATE TABLE customers (id bigint);

-- case: a sqitch change without a revert script: sqitch revert stops there
-- options: layout=sqitch file=tables/orders
-- example:
-- expect-file: down-missing
CREATE TABLE orders (id bigint);

-- case: a sqitch change with its revert script
-- options: layout=sqitch file=tables/orders down
-- up:
CREATE TABLE orders (id bigint);
-- example:
DROP TABLE orders;

-- case: a Liquibase changelog whose changesets mostly have no rollback is forward-only by practice: one note
-- options: layout=liquibase
-- example:
--liquibase formatted sql
-- expect-file: down-missing
--changeset miglint:create-orders
CREATE TABLE orders (id bigint);
--rollback DROP TABLE orders;
--changeset miglint:create-customers
CREATE TABLE customers (id bigint);
--changeset miglint:create-invoices
CREATE TABLE invoices (id bigint);
