-- case: a value used only after COMMIT
-- example:
BEGIN;
ALTER TYPE mood ADD VALUE 'meh';
COMMIT;
INSERT INTO t (m) VALUES ('meh');

-- case: used inside a function body in the same transaction
-- options: layout=sqlx
-- example:
ALTER TYPE mood ADD VALUE 'meh';
-- expect: enum-value-in-transaction
DO $$ BEGIN UPDATE t SET m = 'meh'; END $$;

-- case: below 12 a type created in the same transaction may get values
-- options: layout=dbmate pg=11
-- example:
CREATE TYPE mood2 AS ENUM ('a');
ALTER TYPE mood2 ADD VALUE 'b';

-- case: from 12 a value added to a type created in the same transaction is still unusable
-- options: layout=dbmate
-- example:
CREATE TYPE mood2 AS ENUM ('a');
ALTER TYPE mood2 ADD VALUE 'b';
-- expect: enum-value-in-transaction
SELECT 'b'::mood2;

-- case: a later ALTER TYPE … AFTER the new value is allowed
-- options: layout=diesel
-- example:
ALTER TYPE mood ADD VALUE 'b';
ALTER TYPE mood ADD VALUE 'c' AFTER 'b';

-- case: golang-migrate single statement below 12 runs outside a transaction
-- options: layout=golang-migrate pg=10
-- example:
ALTER TYPE mood ADD VALUE 'b';

-- case: explicit BEGIN below 12
-- options: pg=11
-- example:
BEGIN;
-- expect: enum-value-in-transaction
ALTER TYPE mood ADD VALUE 'b';
COMMIT;
