-- case: an empty handler, a quiet handler among others, a handler in a nested block
-- expect: exception-swallows-error
DO $$
BEGIN
    BEGIN
        DROP TABLE legacy_orders;
    EXCEPTION
        WHEN duplicate_table THEN NULL;
        WHEN others THEN
    END;
    UPDATE orders SET total = 0 WHERE total IS NULL;
END $$;
-- expect: exception-swallows-error
DO $$
DECLARE
    msg text;
BEGIN
    INSERT INTO audit (note) VALUES ('start');
    GRANT SELECT ON orders TO reporting;
EXCEPTION WHEN undefined_object OR others THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
    RAISE WARNING 'grant failed: %', msg;
END $$;

-- case: handlers that stop the migration, do work, or guard no change are fine
DO $$
BEGIN
    ALTER TABLE orders ADD COLUMN note text;
EXCEPTION WHEN others THEN
    RAISE EXCEPTION 'could not add note: %', SQLERRM;
END $$;
DO $$
BEGIN
    ALTER TABLE orders ADD COLUMN note text;
EXCEPTION WHEN others THEN
    RAISE;
END $$;
DO $$
DECLARE
    n int;
BEGIN
    n := 1 / 0;
    PERFORM pg_sleep(0);
EXCEPTION WHEN others THEN
    NULL;
END $$;
DO $$
BEGIN
    CREATE TYPE mood AS ENUM ('happy');
EXCEPTION WHEN duplicate_object THEN
    NULL;
END $$;
CREATE OR REPLACE FUNCTION try_drop() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE legacy_orders;
EXCEPTION WHEN others THEN NULL;
END $$;
