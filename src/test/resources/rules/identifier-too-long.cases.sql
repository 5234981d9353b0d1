-- case: exactly 63 bytes is fine
CREATE TABLE t (id bigint);
CREATE INDEX abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh ON t (id);

-- case: 64 bytes is too long
CREATE TABLE t (id bigint);
-- expect: identifier-too-long
CREATE INDEX abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij ON t (id);

-- case: the limit is bytes, not characters (40 characters, 80 bytes)
-- expect: identifier-too-long
CREATE TABLE "ääääääääääääääääääääääääääääääääääääääää" (id bigint);

-- case: a constraint name added by ALTER TABLE
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- example:
-- expect: identifier-too-long
ALTER TABLE orders ADD CONSTRAINT orders_total_must_be_positive_because_refunds_are_separate_rows_x CHECK (total > 0);

-- case: a rename target
-- setup:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- example:
-- expect: identifier-too-long
ALTER TABLE orders RENAME COLUMN total TO total_amount_including_taxes_and_shipping_but_excluding_discounts;

-- case: referencing an existing long name is not creating it
DROP INDEX IF EXISTS abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij;

-- case: dropping a generated index or constraint name spelled out in full finds nothing (PostgreSQL shortened it)
-- setup:
CREATE TABLE community_moderator_invitations_pending (id int PRIMARY KEY, invited_by_person_identifier int
    REFERENCES community_moderator_invitations_pending (id));
CREATE INDEX ON community_moderator_invitations_pending (invited_by_person_identifier);
-- example:
-- expect: identifier-too-long
DROP INDEX IF EXISTS community_moderator_invitations_pending_invited_by_person_identifier_idx;
-- expect: identifier-too-long
ALTER TABLE community_moderator_invitations_pending
    DROP CONSTRAINT IF EXISTS community_moderator_invitations_pending_invited_by_person_identifier_fkey;

-- case: the generated names themselves, and a long name written the same way when created and dropped, match
-- setup:
CREATE TABLE community_moderator_invitations_pending (id int PRIMARY KEY, invited_by_person_identifier int
    REFERENCES community_moderator_invitations_pending (id));
CREATE INDEX ON community_moderator_invitations_pending (invited_by_person_identifier);
CREATE INDEX community_moderator_invitations_pending_invited_by_person_identifier_2_idx
    ON community_moderator_invitations_pending (id, invited_by_person_identifier);
-- example:
DROP INDEX IF EXISTS community_moderator_invitation_invited_by_person_identifier_idx;
ALTER TABLE community_moderator_invitations_pending
    DROP CONSTRAINT IF EXISTS community_moderator_invitatio_invited_by_person_identifier_fkey;
DROP INDEX IF EXISTS community_moderator_invitations_pending_invited_by_person_identifier_2_idx;

-- case: a down is checked for names that find nothing
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE community_moderator_invitations_pending (id int PRIMARY KEY, invited_by_person_identifier int);
CREATE INDEX ON community_moderator_invitations_pending (invited_by_person_identifier);
-- up:
SELECT 1;
-- example:
-- expect: identifier-too-long
DROP INDEX IF EXISTS community_moderator_invitations_pending_invited_by_person_identifier_idx;

-- case: a down creating a long name of its own is checked like an up
-- options: layout=golang-migrate down
-- up:
ALTER TABLE IF EXISTS orders ADD COLUMN IF NOT EXISTS note text;
-- example:
-- expect: identifier-too-long
CREATE INDEX IF NOT EXISTS abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij ON orders (note);

-- case: a down re-creating the long name its up dropped restores it
-- options: layout=golang-migrate down
-- up:
DROP INDEX IF EXISTS abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij;
-- example:
CREATE INDEX IF NOT EXISTS abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij ON orders (id);
