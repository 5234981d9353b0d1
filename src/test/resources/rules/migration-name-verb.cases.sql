-- case: a release label names no change
-- options: layout=golang-migrate file=0002_1.7.0_schema
-- example:
-- expect-file: migration-name-verb
SELECT 1;
