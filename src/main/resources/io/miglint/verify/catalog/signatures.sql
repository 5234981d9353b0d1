-- What each object is rendered from, in a form that changes whenever one of its catalog rows is written or removed:
-- how the incremental read finds changed objects without ChangeCapture's log.
-- Columns: classid, objid (the object's catalog and OID), kind ('r' relation, 'p' function, 't' type, 'n' schema,
-- 'C' collation, 'x' extension), sig (the digest).
--
-- One row per relation that can own snapshot objects: its OID and a digest of the catalog rows its objects are
-- rendered from (pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index and the index's pg_class row,
-- pg_trigger, pg_policy with its roles' names, pg_rewrite, pg_sequence, pg_inherits, its owned-by and extension
-- dependencies, and the comments on all of these; a foreign key's internal triggers are left out, as the snapshot
-- leaves them out). One per function, enum, domain, range and multirange type, schema, collation and extension with
-- the versions of its rows (a table's row type and the array types follow their table or element type, which
-- dependents.sql walks through).
--
-- A relation's digest is the number of its rows and the sum of their xmins (modulo 2^32, computed from age()
-- relative to transaction 3, so no text is built per row). Between two reads in the scratch database only the
-- verifier's session writes its catalogs, and every row it writes carries a transaction ID newer than every row that
-- existed at the first read: if a step removes k rows and adds k, the sum grows. So equal counts and sums mean no row
-- was written or removed. Writes PostgreSQL makes in place (statistics, relhasindex) keep their xmin; none of them is
-- rendered. User objects have OIDs of 16384 (FirstNormalObjectId) and above, which keeps the scans on the catalogs'
-- indexes.
-- PostgreSQL 12 and later (multiranges, typtype 'm', exist from 14 on).
with u as materialized (
    select c.oid
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.oid >= 16384 and c.relkind in ('r', 'p', 'f', 'v', 'm', 'c', 'S')
      and n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
      and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
)
select 'pg_class'::regclass::oid as classid, x.owner as objid, 'r' as kind,
       sum(x.n) || ':' || ((sum(x.age) - sum(x.n) * age('3'::xid)) % 4294967296 + 4294967296) % 4294967296
           || ':' || sum(x.roles) as sig
from (
    select c.oid as owner, 1 as n, age(c.xmin)::bigint as age, 0 as roles from pg_class c where c.oid >= 16384
    union all
    select a.attrelid, 1, age(a.xmin), 0 from pg_attribute a where a.attrelid >= 16384 and a.attnum > 0
    union all
    select ad.adrelid, 1, age(ad.xmin), 0 from pg_attrdef ad where ad.adrelid >= 16384
    union all
    select co.conrelid, 1, age(co.xmin), 0 from pg_constraint co where co.conrelid >= 16384
    union all
    select i.indrelid, 2, age(i.xmin)::bigint + age(ic.xmin), 0
    from pg_index i join pg_class ic on ic.oid = i.indexrelid where i.indrelid >= 16384
    union all
    select t.tgrelid, 1, age(t.xmin), 0 from pg_trigger t where t.tgrelid >= 16384 and not t.tgisinternal
    union all
    select p.polrelid, 1, age(p.xmin),
           hashtextextended(coalesce((select string_agg(r.rolname, ',' order by r.rolname)
                                      from pg_roles r where r.oid = any (p.polroles)), ''), 0)
    from pg_policy p
    union all
    select rw.ev_class, 1, age(rw.xmin), 0 from pg_rewrite rw where rw.ev_class >= 16384
    union all
    select s.seqrelid, 1, age(s.xmin), 0 from pg_sequence s where s.seqrelid >= 16384
    union all
    select h.inhrelid, 1, age(h.xmin), 0 from pg_inherits h
    union all
    select d.objid, 1, age(d.xmin), 0 from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid >= 16384 and d.deptype in ('a', 'i', 'e')
    union all
    select coalesce(i.indrelid, co.conrelid, tg.tgrelid, po.polrelid, ds.objoid), 1, age(ds.xmin), 0
    from pg_description ds
    left join pg_index i on ds.classoid = 'pg_class'::regclass and i.indexrelid = ds.objoid
    left join pg_constraint co on ds.classoid = 'pg_constraint'::regclass and co.oid = ds.objoid
    left join pg_trigger tg on ds.classoid = 'pg_trigger'::regclass and tg.oid = ds.objoid
    left join pg_policy po on ds.classoid = 'pg_policy'::regclass and po.oid = ds.objoid
    where ds.objoid >= 16384
      and ds.classoid in ('pg_class'::regclass, 'pg_constraint'::regclass, 'pg_trigger'::regclass,
                          'pg_policy'::regclass)
) x
where x.owner in (select oid from u)
group by x.owner
union all
select 'pg_proc'::regclass::oid, p.oid, 'p',
       p.xmin::text || ':' || coalesce((select string_agg(ds.xmin::text, ',') from pg_description ds
                                        where ds.objoid = p.oid and ds.classoid = 'pg_proc'::regclass), '')
from pg_proc p where p.oid >= 16384
union all
select 'pg_type'::regclass::oid, t.oid, 't',
       t.xmin::text
           || ':' || coalesce((select string_agg(e.oid || '/' || e.xmin::text, ',' order by e.oid)
                               from pg_enum e where e.enumtypid = t.oid), '')
           || ':' || coalesce((select string_agg(co.oid || '/' || co.xmin::text, ',' order by co.oid)
                               from pg_constraint co where co.contypid = t.oid), '')
           || ':' || coalesce((select r.xmin::text from pg_range r where r.rngtypid = t.oid), '')
           || ':' || coalesce((select string_agg(ds.xmin::text, ',') from pg_description ds
                               where ds.objoid = t.oid and ds.classoid = 'pg_type'::regclass), '')
from pg_type t where t.oid >= 16384 and t.typtype in ('e', 'd', 'r', 'm')
union all
select 'pg_namespace'::regclass::oid, n.oid, 'n',
       n.xmin::text || ':' || coalesce((select string_agg(ds.xmin::text, ',') from pg_description ds
                                        where ds.objoid = n.oid and ds.classoid = 'pg_namespace'::regclass), '')
from pg_namespace n
where n.nspname not in ('pg_catalog', 'information_schema', 'miglint_capture')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
union all
select 'pg_collation'::regclass::oid, co.oid, 'C', co.xmin::text from pg_collation co where co.oid >= 16384
union all
select 'pg_extension'::regclass::oid, e.oid, 'x', e.xmin::text from pg_extension e;
