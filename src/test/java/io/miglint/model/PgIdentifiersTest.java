package io.miglint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Names as PostgreSQL 15 produced them for the same table and column (read back from pg_constraint, pg_indexes). */
class PgIdentifiersTest {
    private static final String TABLE = "community_moderator_invitations_pending";
    private static final String COLUMN = "invited_by_person_identifier";

    @Test
    void generatedNamesKeepTheirLabelAndShortenTheLongerPart() {
        assertEquals(
                "community_moderator_invitatio_invited_by_person_identifier_fkey",
                PgIdentifiers.generated(TABLE, COLUMN, "fkey"));
        assertEquals(
                "community_moderator_invitation_invited_by_person_identifier_idx",
                PgIdentifiers.generated(TABLE, COLUMN, "idx"));
        assertEquals(TABLE + "_pkey", PgIdentifiers.generated(TABLE, null, "pkey"));
    }

    @Test
    void writtenNamesAreCutAtSixtyThreeBytesWithoutSplittingACharacter() {
        assertEquals(
                "community_moderator_invitations_pending_invited_by_person_ident",
                PgIdentifiers.truncated(TABLE + "_" + COLUMN + "_fkey"));
        assertEquals("ä".repeat(31), PgIdentifiers.truncated("ä".repeat(40)));
    }
}
