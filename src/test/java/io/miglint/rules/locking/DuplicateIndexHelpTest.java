package io.miglint.rules.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.testing.LintFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CREATE INDEX over exactly the key columns of an index or key the table already has still blocks writes, but
 * building it CONCURRENTLY would only keep a useless copy: the finding says what it duplicates and the help drops it,
 * or writes the index its name says it was meant to be.
 */
class DuplicateIndexHelpTest {
    private static final String USERS = "CREATE TABLE users (id uuid PRIMARY KEY, email text, team_id bigint);\n"
            + "CREATE INDEX users_email_idx ON users (email);\n"
            + "CREATE INDEX users_active_team_idx ON users (team_id) WHERE email IS NOT NULL;\n";

    @TempDir
    Path dir;

    private Finding only(String sql) {
        LintFixture.Example ex = new LintFixture.Example("dbmate", 15, USERS, "", sql, false, null, false);
        List<Finding> found =
                LintFixture.lint(dir.resolve("p" + Integer.toHexString(sql.hashCode())), ex, Map.of())
                        .findings()
                        .stream()
                        .filter(f -> f.ruleId().equals("require-concurrent-index"))
                        .toList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void anIndexOnThePrimaryKeyNamedForAnotherTableProposesTheIndexItWasMeantToBe() {
        Finding f = only("""
                CREATE TABLE IF NOT EXISTS transcript_messages (id uuid PRIMARY KEY,
                    user_id uuid NOT NULL REFERENCES users (id), message text);
                CREATE INDEX IF NOT EXISTS transcript_messages_user_id_idx ON users (id);
                """);
        assertTrue(
                f.message()
                        .startsWith("building index transcript_messages_user_id_idx takes a SHARE lock on "
                                + "users: every write to users is blocked until the build finishes, for nothing: the primary key "
                                + "users_pkey already indexes users (id)"),
                f.message());
        assertTrue(f.help().startsWith("Drop this statement rather than build it CONCURRENTLY"), f.help());
        assertTrue(
                f.help()
                        .contains("`CREATE INDEX IF NOT EXISTS transcript_messages_user_id_idx ON "
                                + "transcript_messages (user_id);`"),
                f.help());
        assertFalse(f.help().contains("ON users (id)"), f.help());
    }

    @Test
    void anIndexNamedForAnotherTableThatHasItsColumnsIsProposedThere() {
        // a copy-pasted line: the name is the new table's, the table and columns those of the one it was copied from
        Finding f = only("CREATE TABLE team_users (id uuid PRIMARY KEY, email text, team_id bigint);\n"
                + "CREATE INDEX team_users_idx_email ON users (email);\n");
        assertTrue(
                f.message().contains("for nothing: the index users_email_idx already indexes users (email)"),
                f.message());
        assertTrue(
                f.help().contains("`CREATE INDEX IF NOT EXISTS team_users_idx_email ON team_users (email);`"),
                f.help());
    }

    @Test
    void aSecondPlainIndexOnTheSameColumnIsACopyOfTheFirst() {
        Finding f = only("CREATE INDEX users_email_lookup ON users (email);\n");
        assertTrue(
                f.message().contains("for nothing: the index users_email_idx already indexes users (email)"),
                f.message());
        assertTrue(
                f.help()
                        .startsWith(
                                "Drop this statement rather than build it CONCURRENTLY: the index "
                                        + "users_email_idx already serves every lookup it would. If it was meant for another table"),
                f.help());
    }

    @Test
    void aDifferentIndexOverTheSameColumnsKeepsTheConcurrentlyHelp() {
        // UNIQUE adds a constraint the plain index lacks; a partial, expression, INCLUDE or other-method index is
        // another index; and a plain one over the columns of a partial index is not a copy of it
        for (String sql : List.of(
                "CREATE UNIQUE INDEX users_email_key ON users (email);\n",
                "CREATE INDEX users_email_set_idx ON users (email) WHERE email <> '';\n",
                "CREATE INDEX users_email_lower_idx ON users (lower(email));\n",
                "CREATE INDEX users_email_cover_idx ON users (email) INCLUDE (team_id);\n",
                "CREATE INDEX users_email_hash_idx ON users USING hash (email);\n",
                "CREATE INDEX users_email_desc_idx ON users (email DESC);\n",
                "CREATE INDEX users_team_idx ON users (team_id);\n")) {
            Finding f = only(sql);
            assertFalse(f.message().contains("for nothing"), f.message());
            assertTrue(f.help().startsWith("Build it with CONCURRENTLY"), f.help());
        }
    }

    /** A rebuild builds a copy and drops the old index in the same script: not a copy kept for nothing. */
    @Test
    void aCopyThatReplacesAnIndexDroppedLaterIsARebuild() {
        Finding f = only("CREATE INDEX users_email_idx_new ON users (email);\nDROP INDEX users_email_idx;\n"
                + "ALTER INDEX users_email_idx_new RENAME TO users_email_idx;\n");
        assertFalse(f.message().contains("for nothing"), f.message());
        assertFalse(f.help().startsWith("Drop this statement"), f.help());
    }
}
