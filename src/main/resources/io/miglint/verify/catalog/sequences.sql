-- Sequences: one row each, but those owned by a column of a relation miglint.ignored_tables leaves out.
-- Columns: kind ('sequence'), name (schema-qualified unless in public), "miglint owner" (the sequence's own OID),
-- then one column per attribute, NULL when absent: type, start, increment, minvalue, maxvalue, cache, cycle, owned by
-- (the column, for OWNED BY and identity sequences), comment.
-- Parameter: miglint.ignored_tables, a name[] (unset: none).
-- CatalogReader prepares it as is and restricted to some relations ("miglint owner" = any ($1::oid[])).
-- PostgreSQL 12 and later (pg_sequence needs 10).
select 'sequence' as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || c.relname) as name,
       c.oid as "miglint owner",
       format_type(s.seqtypid, null) as type,
       s.seqstart::text as start,
       s.seqincrement::text as increment,
       s.seqmin::text as minvalue,
       s.seqmax::text as maxvalue,
       s.seqcache::text as cache,
       case when s.seqcycle then 'cycle' end as cycle,
       (select (case when tn.nspname = 'public' then '' else tn.nspname || '.' end || t.relname) || '.' || a.attname
        from pg_depend d
        join pg_class t on t.oid = d.refobjid
        join pg_namespace tn on tn.oid = t.relnamespace
        join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
        where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass
          and d.deptype in ('a', 'i')
        limit 1) as "owned by",
       ds.description as comment
from pg_sequence s
join pg_class c on c.oid = s.seqrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_description ds on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = 0
where n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_class'::regclass and dx.objid = c.oid and dx.deptype = 'e')
  and not exists (select 1 from pg_depend d join pg_class t on t.oid = d.refobjid
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass
                    and d.deptype in ('a', 'i')
                    and t.relname = any ((select coalesce(nullif(current_setting('miglint.ignored_tables', true),
                                                                 ''), '{}')::name[])::name[]));
