-- case: an initial schema that only creates its own tables is one change
CREATE TABLE t1 (id bigint PRIMARY KEY);
CREATE TABLE t2 (id bigint PRIMARY KEY);
CREATE TABLE t3 (id bigint PRIMARY KEY);
CREATE TABLE t4 (id bigint PRIMARY KEY);
CREATE TABLE t5 (id bigint PRIMARY KEY);
CREATE TABLE t6 (id bigint PRIMARY KEY);
CREATE INDEX idx_t1_id ON t1 (id);
CREATE INDEX idx_t2_id ON t2 (id);
CREATE INDEX idx_t3_id ON t3 (id);
CREATE INDEX idx_t4_id ON t4 (id);
CREATE INDEX idx_t5_id ON t5 (id);
CREATE INDEX idx_t6_id ON t6 (id);
INSERT INTO t1 VALUES (1);
INSERT INTO t2 VALUES (1);
INSERT INTO t3 VALUES (1);
INSERT INTO t4 VALUES (1);
INSERT INTO t5 VALUES (1);
INSERT INTO t6 VALUES (1);
INSERT INTO t1 VALUES (2);
INSERT INTO t2 VALUES (2);
INSERT INTO t3 VALUES (2);
INSERT INTO t4 VALUES (2);

-- case: many statements on few tables is not reported
-- setup:
CREATE TABLE t1 (id bigint PRIMARY KEY);
-- example:
INSERT INTO t1 VALUES (1);
INSERT INTO t1 VALUES (2);
INSERT INTO t1 VALUES (3);
INSERT INTO t1 VALUES (4);
INSERT INTO t1 VALUES (5);
INSERT INTO t1 VALUES (6);
INSERT INTO t1 VALUES (7);
INSERT INTO t1 VALUES (8);
INSERT INTO t1 VALUES (9);
INSERT INTO t1 VALUES (10);
INSERT INTO t1 VALUES (11);
INSERT INTO t1 VALUES (12);
INSERT INTO t1 VALUES (13);
INSERT INTO t1 VALUES (14);
INSERT INTO t1 VALUES (15);
INSERT INTO t1 VALUES (16);
INSERT INTO t1 VALUES (17);
INSERT INTO t1 VALUES (18);
INSERT INTO t1 VALUES (19);
INSERT INTO t1 VALUES (20);
INSERT INTO t1 VALUES (21);
INSERT INTO t1 VALUES (22);

-- case: BEGIN, COMMIT and SET are not counted (20 changes on 6 existing tables)
-- setup:
CREATE TABLE t1 (id bigint PRIMARY KEY);
CREATE TABLE t2 (id bigint PRIMARY KEY);
CREATE TABLE t3 (id bigint PRIMARY KEY);
CREATE TABLE t4 (id bigint PRIMARY KEY);
CREATE TABLE t5 (id bigint PRIMARY KEY);
CREATE TABLE t6 (id bigint PRIMARY KEY);
-- example:
BEGIN;
SET lock_timeout = '5s';
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
UPDATE t3 SET id = id;
UPDATE t4 SET id = id;
UPDATE t5 SET id = id;
UPDATE t6 SET id = id;
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
UPDATE t3 SET id = id;
UPDATE t4 SET id = id;
UPDATE t5 SET id = id;
UPDATE t6 SET id = id;
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
UPDATE t3 SET id = id;
UPDATE t4 SET id = id;
UPDATE t5 SET id = id;
UPDATE t6 SET id = id;
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
COMMIT;

-- case: the down of a large up is not reported again
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE t1 (id bigint PRIMARY KEY);
CREATE TABLE t2 (id bigint PRIMARY KEY);
CREATE TABLE t3 (id bigint PRIMARY KEY);
CREATE TABLE t4 (id bigint PRIMARY KEY);
CREATE TABLE t5 (id bigint PRIMARY KEY);
CREATE TABLE t6 (id bigint PRIMARY KEY);
-- example:
DELETE FROM t1;
DELETE FROM t2;
DELETE FROM t3;
DELETE FROM t4;
DELETE FROM t5;
DELETE FROM t6;
DELETE FROM t1;
DELETE FROM t2;
DELETE FROM t3;
DELETE FROM t4;
DELETE FROM t5;
DELETE FROM t6;
DELETE FROM t1;
DELETE FROM t2;
DELETE FROM t3;
DELETE FROM t4;
DELETE FROM t5;
DELETE FROM t6;
DELETE FROM t1;
DELETE FROM t2;
DELETE FROM t3;

-- case: 21 changes on 6 existing tables
-- setup:
CREATE TABLE t1 (id bigint PRIMARY KEY);
CREATE TABLE t2 (id bigint PRIMARY KEY);
CREATE TABLE t3 (id bigint PRIMARY KEY);
CREATE TABLE t4 (id bigint PRIMARY KEY);
CREATE TABLE t5 (id bigint PRIMARY KEY);
CREATE TABLE t6 (id bigint PRIMARY KEY);
-- example:
-- expect-file: migration-too-large
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
UPDATE t3 SET id = id;
UPDATE t4 SET id = id;
UPDATE t5 SET id = id;
UPDATE t6 SET id = id;
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
UPDATE t3 SET id = id;
UPDATE t4 SET id = id;
UPDATE t5 SET id = id;
UPDATE t6 SET id = id;
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
UPDATE t3 SET id = id;
UPDATE t4 SET id = id;
UPDATE t5 SET id = id;
UPDATE t6 SET id = id;
UPDATE t1 SET id = id;
UPDATE t2 SET id = id;
UPDATE t3 SET id = id;
