-- case: SET search_path TO form counts
CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path TO pg_catalog, pg_temp AS $$ SELECT 1 $$;

-- case: SECURITY INVOKER is not affected
CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY INVOKER AS $$ SELECT 1 $$;

-- case: a procedure is the same problem
-- expect: security-definer-search-path
CREATE PROCEDURE p() LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;

-- case: fixed by a later ALTER FUNCTION in the same script
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;
ALTER FUNCTION app.f() SET search_path = pg_catalog, pg_temp;

-- case: a later ALTER FUNCTION of another function does not fix it
-- expect: security-definer-search-path
CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;
ALTER FUNCTION g() SET search_path = pg_catalog, pg_temp;
