-- case: below PostgreSQL 14 the rule is off
-- options: pg=13
-- example:
ALTER TABLE events DETACH PARTITION events_2020;

-- case: FINALIZE is the end of a concurrent detach
-- example:
ALTER TABLE events DETACH PARTITION events_2020 FINALIZE;

-- case: a table created in the same script
-- example:
CREATE TABLE ev (d date) PARTITION BY RANGE (d);
CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
ALTER TABLE ev DETACH PARTITION ev_1;

-- case: on 18 too
-- options: pg=18
-- example:
-- expect: require-concurrent-detach
ALTER TABLE IF EXISTS events DETACH PARTITION events_2020;
