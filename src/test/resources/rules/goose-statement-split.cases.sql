-- case: a DO body with a line ending in ';' is cut by goose
-- options: layout=goose
-- example:
-- expect: goose-statement-split
DO $$
BEGIN
  PERFORM 1;
END
$$;

-- case: the same body in a StatementBegin/StatementEnd block is sent whole
-- options: layout=goose
-- example:
-- +goose StatementBegin
DO $$
BEGIN
  PERFORM 1;
END
$$;
-- +goose StatementEnd

-- case: a body whose lines do not end in ';' is not cut
-- options: layout=goose
-- example:
DO $$ BEGIN PERFORM 1; END $$;

-- case: a cut in the down section is reported too
-- options: layout=goose down
-- up:
CREATE TABLE t (id int);
-- example:
-- expect: goose-statement-split
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 1;
END
$$;

-- case: other layouts are not goose
-- options: layout=dbmate
-- example:
DO $$
BEGIN
  PERFORM 1;
END
$$;
