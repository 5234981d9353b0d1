-- Extensions: one row each; they stand for all their objects, which the other reads leave out.
-- Columns: kind ('extension'), name, "miglint owner" (always NULL: an extension belongs to no relation), version,
-- schema.
-- PostgreSQL 12 and later (any version would do; 12 is the verifier's minimum).
select 'extension' as kind,
       e.extname as name,
       null::oid as "miglint owner",
       e.extversion as version,
       n.nspname as schema
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace;
