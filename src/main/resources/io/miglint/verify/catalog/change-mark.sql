-- The last change ChangeCapture logged, and the role names: renaming a role fires no event trigger (roles are shared
-- objects) but changes how the policies naming it read. One row.
-- Columns: last (the last change's id, 0 when none), roles (oid:name pairs, in OID order).
-- PostgreSQL 12 and later; needs the schema miglint_capture (ChangeCapture).
select (select coalesce(max(c.id), 0) from miglint_capture.changes c) as last,
       (select coalesce(string_agg(r.oid || ':' || r.rolname, ',' order by r.oid), '') from pg_roles r) as roles;
