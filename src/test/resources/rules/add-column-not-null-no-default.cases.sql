-- case: a table created in the same script is empty
-- example:
CREATE TABLE customers (id bigint);
ALTER TABLE customers ADD COLUMN country text NOT NULL;

-- case: defaults, generated values and nullable columns are fine
-- setup:
CREATE TABLE customers (id bigint);
-- example:
ALTER TABLE customers ADD COLUMN country text NOT NULL DEFAULT 'xx';
ALTER TABLE customers ADD COLUMN seq bigserial NOT NULL;
ALTER TABLE customers ADD COLUMN pos bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
ALTER TABLE customers ADD COLUMN note text;

-- case: PRIMARY KEY implies NOT NULL and an explicit NULL default is no default
-- setup:
CREATE TABLE customers (email text);
-- example:
-- expect: add-column-not-null-no-default
ALTER TABLE customers ADD COLUMN id bigint PRIMARY KEY;
-- expect: add-column-not-null-no-default
ALTER TABLE customers ADD COLUMN region text NOT NULL DEFAULT NULL;

-- case: downs are checked too
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE customers (id bigint);
-- up:
ALTER TABLE customers DROP COLUMN country;
-- example:
-- expect: add-column-not-null-no-default
ALTER TABLE customers ADD COLUMN country text NOT NULL;

-- case: a table the script has just emptied has no row to fail on
-- setup:
CREATE TABLE resets (id bigint, user_id bigint);
CREATE TABLE tokens (id bigint);
-- example:
DELETE FROM resets;
ALTER TABLE resets ADD COLUMN local_user_id integer NOT NULL;
TRUNCATE tokens;
ALTER TABLE tokens ADD COLUMN owner_id integer NOT NULL;

-- case: a DELETE with a WHERE clause leaves rows behind
-- setup:
CREATE TABLE resets (id bigint);
-- example:
DELETE FROM resets WHERE id < 10;
-- expect: add-column-not-null-no-default
ALTER TABLE resets ADD COLUMN local_user_id integer NOT NULL;

-- case: one ALTER TABLE adding several such columns fails once: one finding naming them all
-- setup:
CREATE TABLE invoices (id bigint PRIMARY KEY);
-- example:
-- expect: add-column-not-null-no-default
ALTER TABLE invoices ADD COLUMN amount numeric NOT NULL, ADD COLUMN total numeric NOT NULL;

-- case: an atlas:nolint MF103 the team wrote (Atlas's analyzer of the same risk) accepts it
-- setup:
CREATE TABLE invoices (id bigint PRIMARY KEY);
-- example:
-- atlas:nolint MF103
ALTER TABLE invoices ADD COLUMN amount numeric NOT NULL;

-- case: an atlas:nolint of another analyzer does not
-- setup:
CREATE TABLE invoices (id bigint PRIMARY KEY);
-- example:
-- atlas:nolint DS103
-- expect: add-column-not-null-no-default
ALTER TABLE invoices ADD COLUMN amount numeric NOT NULL;

-- case: a down re-adding a column that had a default before the up is reported (its help restores that default)
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE notifications (id int PRIMARY KEY, title varchar NOT NULL DEFAULT '');
-- up:
ALTER TABLE notifications DROP COLUMN title;
-- example:
-- expect: add-column-not-null-no-default
ALTER TABLE notifications ADD COLUMN title varchar NOT NULL;

-- case: prisma: the replaced column pointed at a table the migration drops, the new one at a table it creates empty (langfuse's auth_api_ui)
-- options: layout=prisma
-- setup:
CREATE TABLE "User" (id text PRIMARY KEY);
CREATE TABLE "Account" (id text PRIMARY KEY, "userId" text NOT NULL REFERENCES "User" (id));
-- example:
-- help: user_id references users, which this migration creates empty, so no old value is a key of it
-- expect: add-column-not-null-no-default
ALTER TABLE "Account" DROP COLUMN "userId",
ADD COLUMN "user_id" TEXT NOT NULL;
DROP TABLE "User";
CREATE TABLE "users" (id text PRIMARY KEY);
ALTER TABLE "Account" ADD CONSTRAINT "Account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;

-- case: prisma: the replaced column held keys of a column the migration adds anew to its table (hatchet's v0_7_0)
-- options: layout=prisma
-- setup:
CREATE TABLE "Action" (id text PRIMARY KEY);
CREATE TABLE "_ActionToWorker" ("A" text NOT NULL REFERENCES "Action" (id), "B" uuid NOT NULL);
-- example:
-- help: "A" references Action.id, a column this migration adds anew, so no old value is a key of it
ALTER TABLE "_ActionToWorker" DROP CONSTRAINT "_ActionToWorker_A_fkey";
-- expect: add-column-not-null-no-default
ALTER TABLE "Action" DROP CONSTRAINT "Action_pkey",
DROP COLUMN "id",
ADD COLUMN "id" UUID NOT NULL,
ADD CONSTRAINT "Action_pkey" PRIMARY KEY ("id");
-- expect: add-column-not-null-no-default
ALTER TABLE "_ActionToWorker" DROP COLUMN "A",
ADD COLUMN "A" UUID NOT NULL;
ALTER TABLE "_ActionToWorker" ADD CONSTRAINT "_ActionToWorker_A_fkey" FOREIGN KEY ("A") REFERENCES "Action"("id") ON DELETE CASCADE;

-- case: prisma: the new table the key points at is filled from the old one in the same migration: the old values may be kept, so the help offers the rename
-- options: layout=prisma
-- setup:
CREATE TABLE "User" (id text PRIMARY KEY);
CREATE TABLE "Account" (id text PRIMARY KEY, "userId" text NOT NULL REFERENCES "User" (id));
-- example:
CREATE TABLE "users" (id text PRIMARY KEY);
INSERT INTO "users" (id) SELECT id FROM "User";
-- expect: add-column-not-null-no-default
ALTER TABLE "Account" DROP COLUMN "userId",
ADD COLUMN "user_id" TEXT NOT NULL;
ALTER TABLE "Account" ADD CONSTRAINT "Account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id");
-- help: If user_id is "userId" renamed, rename it instead
