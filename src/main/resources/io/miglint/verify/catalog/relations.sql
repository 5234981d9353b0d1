-- Tables (partitioned ones too), foreign tables, views, materialized views and composite types: one row each.
-- Columns: kind, name (schema-qualified unless in public), "miglint owner" (the relation's own OID), then one column
-- per attribute, NULL when absent: persistence, partitioned by, partition of, partition bound, inherits, row level
-- security, row level security for owner, definition (views), options, comment.
-- Parameter: miglint.ignored_tables, a name[] (unset: none), relations left out by name in any schema.
-- CatalogReader prepares it as is and restricted to some relations ("miglint owner" = any ($1::oid[])).
-- PostgreSQL 12 and later (partitioning needs 10).
select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'f' then 'foreign table'
                      when 'v' then 'view' when 'm' then 'materialized view' when 'c' then 'type' end as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || c.relname) as name,
       c.oid as "miglint owner",
       case c.relpersistence when 'u' then 'unlogged' when 't' then 'temporary' end as persistence,
       pg_get_partkeydef(c.oid) as "partitioned by",
       case when c.relispartition then
           (select (case when pn.nspname = 'public' then '' else pn.nspname || '.' end || p.relname)
            from pg_inherits i join pg_class p on p.oid = i.inhparent join pg_namespace pn on pn.oid = p.relnamespace
            where i.inhrelid = c.oid) end as "partition of",
       pg_get_expr(c.relpartbound, c.oid) as "partition bound",
       case when not c.relispartition then
           (select string_agg((case when pn.nspname = 'public' then '' else pn.nspname || '.' end || p.relname), ', '
                              order by i.inhseqno)
            from pg_inherits i join pg_class p on p.oid = i.inhparent join pg_namespace pn on pn.oid = p.relnamespace
            where i.inhrelid = c.oid) end as inherits,
       case when c.relrowsecurity then 'enabled' end as "row level security",
       case when c.relforcerowsecurity then 'forced' end as "row level security for owner",
       case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid, true) end as definition,
       array_to_string(c.reloptions, ', ') as options,
       ds.description as comment
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_description ds on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = 0
where c.relkind in ('r', 'p', 'f', 'v', 'm', 'c')
  and n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_class'::regclass and dx.objid = c.oid and dx.deptype = 'e')
  -- The parenthesised select is computed once per execution; the cast around it makes it an array, not a subquery.
  and c.relname <> all ((select coalesce(nullif(current_setting('miglint.ignored_tables', true), ''), '{}')::name[])
                        ::name[]);
