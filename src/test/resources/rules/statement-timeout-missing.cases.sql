-- case: statement_timeout set in the session covers later statements
-- example:
SET statement_timeout = '10min';
CREATE INDEX i ON orders (id);

-- case: lock_timeout is not statement_timeout
-- example:
SET lock_timeout = '5s';
-- expect: statement-timeout-missing
VACUUM FULL orders;
