-- Enums, domains and range types: one row each, but those of extensions. (Composite types are relations: see
-- relations.sql and columns.sql.)
-- Columns: kind ('enum', 'domain' or 'range type'), name (schema-qualified unless in public), "miglint owner" (always
-- NULL: these types belong to no relation), then one column per attribute, NULL when absent: labels (enums), type
-- (a domain's base type), not null, default, constraints (a domain's CHECKs), subtype (ranges), comment.
-- PostgreSQL 12 and later. From 17 on a domain's NOT NULL is also a pg_constraint row (contype 'n'): left out of
-- constraints, as it reads as "not null" on every version.
select case t.typtype when 'e' then 'enum' when 'd' then 'domain' when 'r' then 'range type' end as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || t.typname) as name,
       null::oid as "miglint owner",
       case when t.typtype = 'e' then
           (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder)
            from pg_enum e where e.enumtypid = t.oid) end as labels,
       case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end as type,
       case when t.typnotnull then 'not null' end as "not null",
       t.typdefault as default,
       case when t.typtype = 'd' then
           (select string_agg(co.conname || ' ' || pg_get_constraintdef(co.oid), ', ' order by co.conname)
            from pg_constraint co where co.contypid = t.oid and co.contype <> 'n') end as constraints,
       case when t.typtype = 'r' then
           (select format_type(r.rngsubtype, null) from pg_range r where r.rngtypid = t.oid) end as subtype,
       ds.description as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
left join pg_description ds on ds.objoid = t.oid and ds.classoid = 'pg_type'::regclass and ds.objsubid = 0
where t.oid >= 16384
  and t.typtype in ('e', 'd', 'r')
  and n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_type'::regclass and dx.objid = t.oid and dx.deptype = 'e');
