-- Constraints of the relations relations.sql reads: one row each, but NOT NULL constraints, which columns.sql reads
-- as a column attribute.
-- Columns: kind ('constraint'), name (table.constraint, the table schema-qualified unless in public), "miglint owner"
-- (the relation's OID), then one column per attribute, NULL when absent: definition (without NOT VALID), not valid,
-- comment.
-- Parameter: miglint.ignored_tables, a name[] (unset: none), relations left out by name in any schema.
-- CatalogReader prepares it as is and restricted to some relations ("miglint owner" = any ($1::oid[])).
-- PostgreSQL 12 and later. From 18 on pg_constraint has a row per NOT NULL column too (contype 'n'): left out, so
-- that snapshots of different server versions read the same.
select 'constraint' as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || c.relname) || '.' || co.conname as name,
       c.oid as "miglint owner",
       regexp_replace(pg_get_constraintdef(co.oid), ' NOT VALID$', '') as definition,
       case when not co.convalidated then 'not valid' end as "not valid",
       ds.description as comment
from pg_constraint co
join pg_class c on c.oid = co.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_description ds on ds.objoid = co.oid and ds.classoid = 'pg_constraint'::regclass and ds.objsubid = 0
where co.contype <> 'n'
  and n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_class'::regclass and dx.objid = c.oid and dx.deptype = 'e')
  -- The parenthesised select is computed once per execution; the cast around it makes it an array, not a subquery.
  and c.relname <> all ((select coalesce(nullif(current_setting('miglint.ignored_tables', true), ''), '{}')::name[])
                        ::name[]);
