-- The settings every snapshot read starts with, local to the read's transaction: one row, whose first column
-- ("miglint settings", NULL) marks it as no object; the others are the values set.
--
-- A fixed search_path makes the deparsers qualify names the same way whatever the migrations SET; the settings the
-- deparsers' output depends on are fixed too (interval, timestamp, float and bytea constants in defaults, string
-- literals, quoted names), so a migration that sets them for its session changes nothing in how the schema reads.
-- A statement timeout the migrations set does not apply to the read. JIT compiling these small catalog queries would
-- cost more than running them (their estimated cost can pass jit_above_cost). Generic plans: PostgreSQL would
-- otherwise plan a parameterised statement afresh for its first five executions.
--
-- CatalogReader adds the read's own inputs (miglint.*) to this select list: one statement, parsed and planned at
-- every read, is cheaper than two.
-- PostgreSQL 12 and later (plan_cache_mode).
select null::text as "miglint settings",
       set_config('search_path', 'pg_catalog, public', true),
       set_config('jit', 'off', true),
       set_config('plan_cache_mode', 'force_generic_plan', true),
       set_config('statement_timeout', '0', true),
       set_config('IntervalStyle', 'postgres', true),
       set_config('TimeZone', 'UTC', true),
       set_config('extra_float_digits', '1', true),
       set_config('bytea_output', 'hex', true),
       set_config('standard_conforming_strings', 'on', true),
       set_config('quote_all_identifiers', 'off', true);
