-- Columns of the relations relations.sql reads: one row per column.
-- Columns: kind ('column'), name (table.column, the table schema-qualified unless in public), "miglint owner" (the
-- relation's OID), then one column per attribute, NULL when absent: type, not null, default, identity, generated
-- (a stored generated column's expression), collation (unless the type's default), comment.
-- Parameter: miglint.ignored_tables, a name[] (unset: none), relations left out by name in any schema.
-- CatalogReader prepares it as is and restricted to some relations ("miglint owner" = any ($1::oid[])).
-- PostgreSQL 12 and later (attgenerated). PostgreSQL 18's virtual generated columns (attgenerated 'v') read as
-- columns without default or generated expression.
select 'column' as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || c.relname) || '.' || a.attname as name,
       c.oid as "miglint owner",
       format_type(a.atttypid, a.atttypmod) as type,
       case when a.attnotnull then 'not null' end as "not null",
       case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end as default,
       case a.attidentity when 'a' then 'always' when 'd' then 'by default' end as identity,
       case when a.attgenerated = 's' then pg_get_expr(ad.adbin, ad.adrelid) end as generated,
       case when a.attcollation <> 0 and a.attcollation <> t.typcollation then co.collname end as collation,
       ds.description as comment
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_collation co on co.oid = a.attcollation
left join pg_description ds on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = a.attnum
where a.attnum > 0 and not a.attisdropped
  and c.relkind in ('r', 'p', 'f', 'v', 'm', 'c')
  and n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_class'::regclass and dx.objid = c.oid and dx.deptype = 'e')
  -- The parenthesised select is computed once per execution; the cast around it makes it an array, not a subquery.
  and c.relname <> all ((select coalesce(nullif(current_setting('miglint.ignored_tables', true), ''), '{}')::name[])
                        ::name[]);
