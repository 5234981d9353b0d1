-- case: create_hypertable without migrate_data moves nothing (TimescaleDB refuses a populated table)
SELECT create_hypertable('conditions', 'time');

-- case: migrate_data => false moves nothing either
SELECT create_hypertable('conditions', 'time', migrate_data => false);

-- case: a schema-qualified call with := and a quoted boolean
-- expect: extension-function-lock
SELECT public.create_hypertable('metrics.readings', 'ts', chunk_time_interval => interval '1 day', migrate_data := 'true');

-- case: on a table created earlier in the same script there is nothing to copy
CREATE TABLE events (tenant_id bigint, id bigint);
SELECT create_distributed_table('events', 'tenant_id');

-- case: the concurrent form is fine
SELECT create_distributed_table_concurrently('events', 'tenant_id');

-- case: pg_partman moving the default partition's rows in one transaction
-- expect: extension-function-lock
SELECT partman.partition_data_time('public.measurements', p_batch_count := 100);

-- case: a function of the same name inside a string is not a call
SELECT 'create_distributed_table(''events'', ''tenant_id'')' AS note;
