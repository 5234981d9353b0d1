-- case: bigint back to integer may not fit
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE payments (id bigint, amount integer);
-- up:
ALTER TABLE payments ALTER COLUMN amount TYPE bigint;
-- example:
-- expect: down-narrows-type
ALTER TABLE payments ALTER COLUMN amount TYPE integer;

-- case: a down that cuts the values to fit first has dealt with them
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE owners (id bigint, avatar varchar(255));
-- up:
ALTER TABLE owners ALTER COLUMN avatar TYPE text;
-- example:
UPDATE owners SET avatar = left(avatar, 255) WHERE length(avatar) > 255;
ALTER TABLE owners ALTER COLUMN avatar TYPE varchar(255);

-- case: a restore that does not narrow (timestamptz back to timestamp) cannot fail on the values
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE events (id bigint, at timestamp);
-- up:
ALTER TABLE events ALTER COLUMN at TYPE timestamptz;
-- example:
ALTER TABLE events ALTER COLUMN at TYPE timestamp;

-- case: a narrowing that is not a restore is change-column-type's concern, not this rule's
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE payments (id bigint, ref varchar(80));
-- up:
ALTER TABLE payments ADD COLUMN note text;
-- example:
ALTER TABLE payments ALTER COLUMN ref TYPE varchar(40);

-- case: popx: the down of the group's next file, which a rollback runs first, cuts the values to fit
-- options: layout=popx down
-- setup:
CREATE TABLE sessions (id uuid PRIMARY KEY, token varchar(32), logout_token varchar(32));
-- up:
ALTER TABLE sessions ALTER COLUMN token TYPE varchar(39);
ALTER TABLE sessions ALTER COLUMN logout_token TYPE varchar(39);
-- later-up:
--
-- later-down:
UPDATE sessions SET token = LEFT(token, 32) WHERE TRUE;
UPDATE sessions SET logout_token = LEFT(logout_token, 32) WHERE TRUE;
-- example:
ALTER TABLE sessions ALTER COLUMN token TYPE varchar(32);
ALTER TABLE sessions ALTER COLUMN logout_token TYPE varchar(32);

-- case: popx: a down of the group that cuts another column, or that runs after this one, deals with nothing here
-- options: layout=popx down
-- setup:
CREATE TABLE sessions (id uuid PRIMARY KEY, token varchar(32), logout_token varchar(32));
-- up:
ALTER TABLE sessions ALTER COLUMN token TYPE varchar(39);
ALTER TABLE sessions ALTER COLUMN logout_token TYPE varchar(39);
-- earlier-up:
--
-- earlier-down:
UPDATE sessions SET logout_token = LEFT(logout_token, 32) WHERE TRUE;
-- later-up:
--
-- later-down:
UPDATE sessions SET token = LEFT(token, 32) WHERE TRUE;
-- example:
ALTER TABLE sessions ALTER COLUMN token TYPE varchar(32);
-- expect: down-narrows-type
ALTER TABLE sessions ALTER COLUMN logout_token TYPE varchar(32);
