-- Schemas: one row per schema the migrations can see, but the system's, miglint_capture (ChangeCapture's) and those
-- of extensions.
-- Columns: kind ('schema'), name, "miglint owner" (always NULL: a schema belongs to no relation), comment.
-- PostgreSQL 12 and later (any version would do; 12 is the verifier's minimum).
select 'schema' as kind,
       n.nspname as name,
       null::oid as "miglint owner",
       ds.description as comment
from pg_namespace n
left join pg_description ds on ds.objoid = n.oid and ds.classoid = 'pg_namespace'::regclass and ds.objsubid = 0
where n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_namespace'::regclass and dx.objid = n.oid and dx.deptype = 'e');
