-- case: a golang-migrate folder without any down gets one info finding
-- options: layout=golang-migrate file=1_create_orders
-- example:
-- expect-file: down-missing
CREATE TABLE orders (id bigint);

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
