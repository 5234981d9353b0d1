-- The relations whose objects must be read again after some catalog objects changed or some schemas were renamed or
-- commented (everything in those schemas counts as changed): one row per relation.
-- Columns: owner (the relation's OID).
-- Parameters: miglint.root_classes and miglint.root_objects, two oid[] of the same length (the changed objects'
-- catalogs and OIDs), and miglint.root_schemas, an oid[] (each unset: none).
--
-- A changed object takes along what it is internally part of or consists of (a composite type's relation and
-- pg_type, a table's row type, an enum's array type: renamed together), and then whatever names one of those directly
-- in pg_depend: a view's rule, a default, a constraint, a trigger, a policy, an index, an owned sequence, a partition
-- or a column of that type. One step is enough: a definition names its dependencies, not theirs, so a view over a
-- view over a renamed table reads as before. Each hit is mapped to the relation it belongs to: a rule to its view, a
-- default, constraint, trigger or policy to its table, an index to its table, a composite type to its relation; a
-- relation to itself. OFFSET 0 keeps that lookup whole: flattened, it would be planned again for every place
-- o.owner is used.
--
-- CatalogReader runs it with nested loops over the catalogs' indexes only (no sequential scan, hash or merge join),
-- whatever the row estimates: a plan sized for thousands of rows would scan pg_depend whole. change-dirty.sql walks
-- the same way from ChangeCapture's log.
-- PostgreSQL 12 and later.
with r0(classid, objid) as (
    select * from unnest(coalesce(nullif(current_setting('miglint.root_classes', true), ''), '{}')::oid[],
                         coalesce(nullif(current_setting('miglint.root_objects', true), ''), '{}')::oid[])
    -- The parenthesised selects are computed once per execution; the cast around each makes it an array.
    union select 'pg_class'::regclass, c.oid from pg_class c
          where c.relnamespace = any ((select coalesce(nullif(current_setting('miglint.root_schemas', true), ''),
                                                       '{}')::oid[])::oid[])
    union select 'pg_type'::regclass, t.oid from pg_type t
          where t.typnamespace = any ((select coalesce(nullif(current_setting('miglint.root_schemas', true), ''),
                                                       '{}')::oid[])::oid[])
    union select 'pg_proc'::regclass, p.oid from pg_proc p
          where p.pronamespace = any ((select coalesce(nullif(current_setting('miglint.root_schemas', true), ''),
                                                       '{}')::oid[])::oid[])
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
where o.owner is not null;
