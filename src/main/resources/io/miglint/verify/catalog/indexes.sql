-- Indexes of the relations relations.sql reads (constraints' own indexes too): one row each.
-- Columns: kind ('index'), name (schema-qualified unless in public), "miglint owner" (the indexed relation's OID),
-- then one column per attribute, NULL when absent: definition, invalid, comment.
-- Parameter: miglint.ignored_tables, a name[] (unset: none), relations left out by name in any schema.
-- CatalogReader prepares it as is and restricted to some relations ("miglint owner" = any ($1::oid[])).
-- PostgreSQL 12 and later.
select 'index' as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || ic.relname) as name,
       c.oid as "miglint owner",
       pg_get_indexdef(i.indexrelid) as definition,
       case when not i.indisvalid then 'invalid' end as invalid,
       ds.description as comment
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = ic.relnamespace
left join pg_description ds on ds.objoid = ic.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = 0
where n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_class'::regclass and dx.objid = c.oid and dx.deptype = 'e')
  -- The parenthesised select is computed once per execution; the cast around it makes it an array, not a subquery.
  and c.relname <> all ((select coalesce(nullif(current_setting('miglint.ignored_tables', true), ''), '{}')::name[])
                        ::name[]);
