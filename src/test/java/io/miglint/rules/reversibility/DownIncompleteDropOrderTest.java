package io.miglint.rules.reversibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.miglint.rule.Finding;
import io.miglint.rule.RuleOptions;
import io.miglint.testing.FolderLint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DROP list down-incomplete proposes runs as written: a table is dropped before the tables its foreign keys
 * reference, and the help says where the drops go among the down's own DROP TABLEs.
 */
class DownIncompleteDropOrderTest {
    /** The ente shape: two tables reference the first; the down drops the others but not these three. */
    private static final String UP = """
            CREATE TABLE IF NOT EXISTS users (user_id SERIAL PRIMARY KEY, email text);
            CREATE TABLE IF NOT EXISTS collections (collection_id SERIAL PRIMARY KEY, owner_id integer NOT NULL,
                CONSTRAINT fk_collections_owner_id FOREIGN KEY (owner_id) REFERENCES users (user_id));
            CREATE TABLE IF NOT EXISTS collection_shares (collection_id integer NOT NULL,
                CONSTRAINT fk_collection_shares_collection_id FOREIGN KEY (collection_id)
                    REFERENCES collections (collection_id));
            CREATE TABLE IF NOT EXISTS collection_files (file_id bigint NOT NULL, collection_id integer NOT NULL,
                CONSTRAINT fk_collection_files_collection_id FOREIGN KEY (collection_id)
                    REFERENCES collections (collection_id));
            """;

    @TempDir
    Path dir;

    private Finding finding(String up, String down) {
        FolderLint.write(dir.resolve("1_create_tables.up.sql"), up);
        FolderLint.write(dir.resolve("1_create_tables.down.sql"), down);
        List<Finding> found = FolderLint.findings(dir, "golang-migrate", "down-incomplete", RuleOptions.EMPTY);
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    private static String example(String help) {
        Matcher m = Pattern.compile("e\\.g\\. `([^`]*)`").matcher(help);
        assertTrue(m.find(), help);
        return m.group(1);
    }

    @Test
    void tablesThatReferenceTheFirstAreDroppedBeforeItAndBeforeTheDownsDropOfWhatTheyReference() throws Exception {
        String down = "DROP TABLE users;\n";
        Finding f = finding(UP, down);
        String drops = example(f.help());
        assertEquals(
                "DROP TABLE IF EXISTS collection_files; DROP TABLE IF EXISTS collection_shares; "
                        + "DROP TABLE IF EXISTS collections;",
                drops);
        assertTrue(
                f.help()
                        .contains(
                                "placed before the down's DROP TABLE of users (their foreign keys reference " + "it)"),
                f.help());
        // the help's drops, placed as it says, then the down: the rollback runs and leaves nothing of the up
        runsOnPostgres(UP, drops + "\n" + down);
    }

    @Test
    void aForeignKeyAddedLaterPutsTheReferencingTableFirstWhateverTheCreationOrder() throws Exception {
        String up = """
                CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, plan_id bigint);
                CREATE TABLE IF NOT EXISTS plans (id bigint PRIMARY KEY);
                ALTER TABLE accounts ADD FOREIGN KEY (plan_id) REFERENCES plans (id);
                """;
        String drops = example(finding(up, "SELECT 1;\n").help());
        // reverse creation order alone would drop plans first, which accounts' foreign key still references
        assertEquals("DROP TABLE IF EXISTS accounts; DROP TABLE IF EXISTS plans;", drops);
        runsOnPostgres(up, drops);
    }

    @Test
    void aTableTheDownDropsThatReferencesTheMissingOnesIsSaidToComeFirst() {
        String down = "DROP TABLE collection_files;\nDROP TABLE collection_shares;\n";
        Finding f = finding(UP, down);
        assertEquals("DROP TABLE IF EXISTS collections; DROP TABLE IF EXISTS users;", example(f.help()));
        assertTrue(
                f.help()
                        .contains("placed after the down's DROP TABLE of collection_files and collection_shares "
                                + "(their foreign keys reference them)"),
                f.help());
    }

    /** Applies {@code up} then {@code down} in a scratch schema of the PostgreSQL at 127.0.0.1:5432. */
    private static void runsOnPostgres(String up, String down) throws SQLException {
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL is not reachable on 127.0.0.1:5432: " + e.getMessage());
            return;
        }
        String schema = "down_order_" + Long.toHexString(System.nanoTime());
        try (c;
                Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '30s'");
            st.execute("CREATE SCHEMA " + schema);
            try {
                st.execute("SET search_path = " + schema);
                st.execute(up);
                st.execute(down);
                try (var rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "the rollback leaves tables of the up");
                }
            } finally {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
