-- Row level security policies of the relations relations.sql reads: one row each.
-- Columns: kind ('policy'), name (table.policy, the table schema-qualified unless in public), "miglint owner" (the
-- relation's OID), then one column per attribute, NULL when absent: command, restrictive, roles (by name, so a
-- renamed role reads differently), using, with check, comment.
-- Parameter: miglint.ignored_tables, a name[] (unset: none), relations left out by name in any schema.
-- CatalogReader prepares it as is and restricted to some relations ("miglint owner" = any ($1::oid[])).
-- PostgreSQL 12 and later (polpermissive needs 10).
select 'policy' as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || c.relname) || '.' || p.polname as name,
       c.oid as "miglint owner",
       case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete'
                     else 'all' end as command,
       case when not p.polpermissive then 'restrictive' end as restrictive,
       (select string_agg(x.role, ', ' order by x.role)
        from (select case when r = 0 then 'public' else pg_get_userbyid(r)::text end as role
              from unnest(p.polroles) r) x) as roles,
       pg_get_expr(p.polqual, p.polrelid) as using,
       pg_get_expr(p.polwithcheck, p.polrelid) as "with check",
       ds.description as comment
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_description ds on ds.objoid = p.oid and ds.classoid = 'pg_policy'::regclass and ds.objsubid = 0
where n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  -- The parenthesised select is computed once per execution; the cast around it makes it an array, not a subquery.
  and c.relname <> all ((select coalesce(nullif(current_setting('miglint.ignored_tables', true), ''), '{}')::name[])
                        ::name[]);
