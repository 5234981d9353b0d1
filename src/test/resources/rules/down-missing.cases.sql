-- case: a golang-migrate folder without any down gets one info finding
-- options: layout=golang-migrate file=1_create_orders
-- example:
-- expect-file: down-missing
CREATE TABLE orders (id bigint);
