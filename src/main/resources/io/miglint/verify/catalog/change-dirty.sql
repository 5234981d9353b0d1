-- The relations whose objects must be read again after what ChangeCapture logged after a given change, kept in the
-- transaction's setting miglint.dirty (an oid[]) for the read statements after it, and returned: one row.
-- Columns: dirty (the oid[] as text).
-- Parameter: miglint.changes_after, a change id (unset: 0, every change logged).
--
-- They are the dependents (see dependents.sql, whose walk this repeats) of the objects DDL commands altered, the
-- relations that the objects commands created or commented belong to, the tables of dropped columns, and the
-- relations dropped constraints, triggers (but a foreign key's internal ones), policies, rules and defaults belonged
-- to. An object a command created has no dependents from before the command, and one it replaced (CREATE OR REPLACE
-- of a view, function, trigger or rule) keeps its name and the names and types of its columns or arguments, which is
-- all a dependent's definition shows of it; a comment changes only the commented object: for those ("owned") the
-- relation they belong to is all there is to read again, without walking pg_depend. Except what PostgreSQL creates
-- on the partitions of a partitioned table too: an index on one (relkind 'I') and a trigger on one have copies on the
-- partitions, which depend on them in pg_depend and are found the usual way. The contents of a schema among the
-- logged objects are looked up separately (dependents.sql): planned for a whole schema's worth of rows, the lookup
-- would cost several times more for the few objects a read usually has.
--
-- The change id is an expression each index scan of the log evaluates once, not a subquery: computed by a subquery,
-- it made the read after each up 8-16% slower (measured against the expression, one database per side, 600 pairs).
-- CatalogReader runs it with nested loops over the catalogs' indexes only, as dependents.sql.
-- PostgreSQL 12 and later; needs the schema miglint_capture (ChangeCapture).
select set_config('miglint.dirty', coalesce((select array_agg(distinct x.oid)::text from (
    with logged(classid, objid, owned) as materialized (
        select c.classid, c.objid,
               ((c.tag like 'CREATE %' or c.tag = 'COMMENT')
                and not (c.classid = 'pg_class'::regclass
                         and exists (select 1 from pg_class i where i.oid = c.objid and i.relkind = 'I'))
                and not (c.classid = 'pg_trigger'::regclass
                         and exists (select 1 from pg_trigger t join pg_class r on r.oid = t.tgrelid
                                     where t.oid = c.objid and r.relkind = 'p')))
        from miglint_capture.changes c
        where c.id > coalesce(nullif(current_setting('miglint.changes_after', true), ''), '0')::bigint
          and not c.dropped and c.classid <> 0
    ),
    r0(classid, objid) as (
        select distinct classid, objid from logged where not owned
    ),
    r1(classid, objid) as (
        select * from r0
        union select d.refclassid, d.refobjid from r0 join pg_depend d
              on d.classid = r0.classid and d.objid = r0.objid and d.deptype = 'i'
        union select d.classid, d.objid from r0 join pg_depend d
              on d.refclassid = r0.classid and d.refobjid = r0.objid and d.deptype = 'i'
    ),
    r2(classid, objid) as (
        select * from r1
        union select d.refclassid, d.refobjid from r1 join pg_depend d
              on d.classid = r1.classid and d.objid = r1.objid and d.deptype = 'i'
        union select d.classid, d.objid from r1 join pg_depend d
              on d.refclassid = r1.classid and d.refobjid = r1.objid and d.deptype = 'i'
    ),
    hit(classid, objid) as (
        select * from r2
        union select d.classid, d.objid from r2 join pg_depend d
              on d.refclassid = r2.classid and d.refobjid = r2.objid and d.deptype <> 'p'
        union select classid, objid from logged where owned
    )
    select distinct o.owner
    from hit
    cross join lateral (
        select case hit.classid
                   when 'pg_class'::regclass then
                       coalesce((select i.indrelid from pg_index i where i.indexrelid = hit.objid), hit.objid)
                   when 'pg_rewrite'::regclass then (select rw.ev_class from pg_rewrite rw where rw.oid = hit.objid)
                   when 'pg_attrdef'::regclass then (select ad.adrelid from pg_attrdef ad where ad.oid = hit.objid)
                   when 'pg_constraint'::regclass then
                       (select nullif(co.conrelid, 0) from pg_constraint co where co.oid = hit.objid)
                   when 'pg_trigger'::regclass then (select t.tgrelid from pg_trigger t where t.oid = hit.objid)
                   when 'pg_policy'::regclass then (select p.polrelid from pg_policy p where p.oid = hit.objid)
                   when 'pg_type'::regclass then
                       (select nullif(t.typrelid, 0) from pg_type t where t.oid = hit.objid)
               end as owner
        offset 0
    ) o
    where o.owner is not null
    union
    select c.owner from miglint_capture.changes c
    where c.id > coalesce(nullif(current_setting('miglint.changes_after', true), ''), '0')::bigint
      and c.dropped and c.owner is not null
      and not (c.classid = 'pg_trigger'::regclass and not c.normal
               and starts_with(c.names[3], 'RI_ConstraintTrigger_'))
    union
    select c.objid from miglint_capture.changes c
    where c.id > coalesce(nullif(current_setting('miglint.changes_after', true), ''), '0')::bigint
      and c.dropped and c.classid = 'pg_class'::regclass and c.objsubid <> 0
) x(oid)), '{}'), true) as dirty;
