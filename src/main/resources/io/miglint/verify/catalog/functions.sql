-- Functions, procedures, aggregates and window functions: one row each, but those of extensions.
-- Columns: kind, name (schema-qualified unless in public, with the identity arguments), "miglint owner" (always NULL:
-- a function belongs to no relation), definition (pg_get_functiondef; none for aggregates), comment.
-- PostgreSQL 12 and later (prokind needs 11).
select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window function'
                      else 'function' end as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || p.proname)
           || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
       null::oid as "miglint owner",
       case when p.prokind <> 'a' then pg_get_functiondef(p.oid) end as definition,
       ds.description as comment
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
left join pg_description ds on ds.objoid = p.oid and ds.classoid = 'pg_proc'::regclass and ds.objsubid = 0
-- OIDs below FirstNormalObjectId (16384) are initdb's: a range scan of the OID index skips the thousands of built-in
-- functions instead of reading each to test its schema.
where p.oid >= 16384
  and n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_proc'::regclass and dx.objid = p.oid and dx.deptype = 'e');
