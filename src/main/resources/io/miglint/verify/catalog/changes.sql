-- Every change ChangeCapture logged after a given one, in order: one row per logged object.
-- Columns: id, catalog (the object's catalog, '' when the command reported none), objid, objsubid, tag, object_type,
-- dropped, original, normal, names, owner (see ChangeCapture for what each holds).
-- Parameter: miglint.changes_after, a change id (unset: 0, every change logged).
-- PostgreSQL 12 and later; needs the schema miglint_capture (ChangeCapture).
select c.id, coalesce(c.classid::regclass::text, '') as catalog, c.objid, c.objsubid, c.tag, c.object_type,
       c.dropped, c.original, c.normal, c.names, c.owner
from miglint_capture.changes c
where c.id > coalesce(nullif(current_setting('miglint.changes_after', true), ''), '0')::bigint
order by c.id;
