-- Triggers of the relations relations.sql reads: one row each, but internal ones (a foreign key's).
-- Columns: kind ('trigger'), name (table.trigger, the table schema-qualified unless in public), "miglint owner" (the
-- relation's OID), then one column per attribute, NULL when absent: definition, state (unless enabled as by
-- default), comment.
-- Parameter: miglint.ignored_tables, a name[] (unset: none), relations left out by name in any schema.
-- CatalogReader prepares it as is and restricted to some relations ("miglint owner" = any ($1::oid[])). The owner
-- is pg_trigger's own column, so that the restricted statement looks the triggers up by their table (pg_trigger's
-- tgrelid index) rather than reading every trigger of the database (thousands in a long history, a foreign key's
-- internal ones included) and joining each to its table.
-- PostgreSQL 12 and later.
select 'trigger' as kind,
       (case when n.nspname = 'public' then '' else n.nspname || '.' end || c.relname) || '.' || t.tgname as name,
       t.tgrelid as "miglint owner",
       pg_get_triggerdef(t.oid) as definition,
       case t.tgenabled when 'D' then 'disabled' when 'R' then 'replica' when 'A' then 'always' end as state,
       ds.description as comment
from pg_trigger t
join pg_class c on c.oid = t.tgrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_description ds on ds.objoid = t.oid and ds.classoid = 'pg_trigger'::regclass and ds.objsubid = 0
where not t.tgisinternal
  and n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_depend dx
                  where dx.classid = 'pg_class'::regclass and dx.objid = c.oid and dx.deptype = 'e')
  -- The parenthesised select is computed once per execution; the cast around it makes it an array, not a subquery.
  and c.relname <> all ((select coalesce(nullif(current_setting('miglint.ignored_tables', true), ''), '{}')::name[])
                        ::name[]);
